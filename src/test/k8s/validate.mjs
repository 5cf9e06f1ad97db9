// Validates the Kubernetes manifests under src/main/k8s offline, the way `kubectl apply -k` would
// see them, against schemas bundled in npm packages (no cluster, no download at run time):
//  1. Each kustomization's resources are collected as kustomize does (files and directories).
//  2. Every object is checked against its schema: kubernetes-models for the built-in kinds
//     (current Kubernetes API), @kubernetes-models/keda for ScaledObject and TriggerAuthentication
//     (types, required fields, enums, formats).
//  3. Those schemas allow unknown fields, so a misspelt field would pass; every object is therefore
//     also type-checked by TypeScript as an object literal of the model's interface, which refuses
//     any field the API does not have.
// Usage: node validate.mjs [kustomization dir or manifest file ...]  (defaults: below)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const k8s = path.resolve(here, "../../main/k8s");
const targets = process.argv.length > 2
  ? process.argv.slice(2).map((t) => path.resolve(t))
  : [path.join(k8s, "keda"), path.join(k8s, "hpa"), path.join(k8s, "secret.example.yaml")];

/** Where the model of an apiVersion lives: built-in groups in kubernetes-models, KEDA's apart. */
function modelModule(apiVersion, kind) {
  if (apiVersion.startsWith("keda.sh/")) {
    return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** The objects a kustomization (or a single manifest file) stands for, with their files. */
function collect(target, seen = new Set()) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) {
    throw new Error(`${target} does not exist`);
  }
  if (stat.isFile()) {
    return YAML.parseAllDocuments(fs.readFileSync(target, "utf8")).map((doc, index) => {
      if (doc.errors.length) {
        throw new Error(`${target}: ${doc.errors[0].message}`);
      }
      return { file: path.relative(process.cwd(), target), index, object: doc.toJS() };
    }).filter((entry) => entry.object !== null);
  }
  const kustomization = path.join(target, "kustomization.yaml");
  if (seen.has(kustomization)) {
    return [];
  }
  seen.add(kustomization);
  const spec = YAML.parse(fs.readFileSync(kustomization, "utf8"));
  return (spec.resources ?? []).flatMap((resource) => collect(path.join(target, resource), seen));
}

const problems = [];
const checked = new Map();
for (const target of targets) {
  for (const entry of collect(target)) {
    const key = `${entry.file}#${entry.index}`;
    if (!checked.has(key)) {
      checked.set(key, entry);
    }
  }
}

// 2. Schemas.
for (const { file, index, object } of checked.values()) {
  const where = `${file} (document ${index + 1}, ${object.kind} ${object.metadata?.name ?? "?"})`;
  let Model;
  try {
    Model = (await import(modelModule(object.apiVersion, object.kind)))[object.kind];
  } catch {
    problems.push(`${where}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}

// 3. Unknown fields: every object as a literal of its interface, type-checked in memory.
const entries = [...checked.values()];
const source = entries.map(({ object }, i) =>
  `import type { I${object.kind} as T${i} } from "${modelModule(object.apiVersion, object.kind)}";\n` +
  `export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};\n`).join("\n");
const virtual = path.join(here, "manifests.generated.ts");
const options = {
  strict: true, noEmit: true, skipLibCheck: true,
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
};
const host = ts.createCompilerHost(options);
const read = host.getSourceFile.bind(host);
host.getSourceFile = (name, version) => path.resolve(name) === virtual
  ? ts.createSourceFile(name, source, version)
  : read(name, version);
const fileExists = host.fileExists.bind(host);
host.fileExists = (name) => path.resolve(name) === virtual || fileExists(name);
const program = ts.createProgram([virtual], options, host);
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (diagnostic.file && path.resolve(diagnostic.file.fileName) === virtual) {
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // Name the manifest: the generated source holds one object per export, in order.
    const owner = source.slice(0, diagnostic.start).split("\nexport const o").length - 2;
    const { file, index, object } = entries[Math.max(owner, 0)];
    problems.push(`${file} (document ${index + 1}, ${object.kind} ${object.metadata?.name ?? "?"}): ` +
      `${message} [generated line ${line + 1}]`);
  } else {
    problems.push(message);
  }
}

if (problems.length) {
  console.error(`${problems.length} problem(s) in the Kubernetes manifests:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
const kinds = [...new Set(entries.map(({ object }) => object.kind))].join(", ");
console.log(`${entries.length} Kubernetes objects valid (${kinds}), no unknown fields.`);
