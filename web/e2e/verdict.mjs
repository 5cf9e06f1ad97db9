// Fails the build if the end-to-end run failed: run.mjs records its outcome instead of failing
// at once, so that the build first stops the service it started (see run.mjs, verdict()).
import { readFile } from 'node:fs/promises';

const file = process.argv[2];
let outcome;
try {
  outcome = (await readFile(file, 'utf8')).trim();
} catch {
  console.error(`The end-to-end run left no outcome in ${file}; it did not run to its end.`);
  process.exit(1);
}
console.log(`End-to-end: ${outcome}`);
process.exit(outcome.startsWith('passed') ? 0 : 1);
