/**
 * Operation forms made from the server's own declarations: GET /api/operations gives each
 * operation's params as JSON Schema, and this module turns a schema into form fields, checks form
 * values against it, and builds a job's `params`. Nothing here knows a particular operation, so
 * the form cannot drift from the rules the server applies.
 *
 * Filters (and any operation shaped alike) are a `oneOf` of branches told apart by a `const`
 * member, `name`: the form offers the branches in a select and shows the chosen one's fields.
 */

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly not?: JsonSchema;
  readonly multipleOf?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly oneOf?: readonly JsonSchema[];
  /** On `quality`: the formats it applies to (the lossy ones). */
  readonly 'x-formats'?: readonly string[];
}

export interface OperationDetails {
  readonly name: string;
  readonly title: string;
  readonly description?: string | null;
  readonly result: 'image' | 'text' | 'json';
  readonly mediaTypes: readonly string[];
  readonly params: JsonSchema;
}

/** GET /api/operations */
export interface Catalog {
  readonly operations: readonly string[];
  readonly details: readonly OperationDetails[];
}

/** The members that pick how an image result is encoded; they mean nothing for other results. */
export const RESULT_FORMAT = ['format', 'quality'] as const;

export type Field =
  | { readonly kind: 'int' | 'number'; readonly key: string; readonly name: string; readonly label: string; readonly hint?: string; readonly required: boolean; readonly default?: number; readonly min?: number; readonly max?: number; readonly odd: boolean; readonly notZero: boolean }
  | { readonly kind: 'bool'; readonly key: string; readonly name: string; readonly label: string; readonly hint?: string; readonly default: boolean }
  | { readonly kind: 'select'; readonly key: string; readonly name: string; readonly label: string; readonly hint?: string; readonly required: boolean; readonly options: readonly { readonly value: unknown; readonly label: string }[]; readonly default?: unknown }
  | { readonly kind: 'numbers'; readonly key: string; readonly name: string; readonly label: string; readonly hint?: string; readonly required: boolean; readonly minItems?: number; readonly maxItems?: number };

/** A branch of a `oneOf` params schema: one filter. */
export interface Variant {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
  readonly fields: readonly Field[];
}

/** Everything a form needs about one operation. */
export interface OperationForm {
  readonly name: string;
  readonly label: string;
  readonly image: boolean;
  /** The operation's own fields, result format excluded. */
  readonly fields: readonly Field[];
  /** Set when params pick a variant by `discriminator` (filters by `name`). */
  readonly discriminator?: { readonly name: string; readonly label: string; readonly variants: readonly Variant[] };
  /** `format`, then `quality`: offered for image results only. */
  readonly format: readonly Field[];
  /** The formats `quality` applies to, as the server declares them. */
  readonly qualityFormats: readonly string[];
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : (schema.type as string | undefined);
}

/** [3,3] → "3 × 3"; anything else as JSON. */
function optionLabel(value: unknown): string {
  if (Array.isArray(value)) return value.join(' × ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function fieldOf(name: string, schema: JsonSchema, required: boolean, prefix = ''): Field {
  const key = prefix ? `${prefix}.${name}` : name;
  const label = schema.title ?? name;
  const hint = schema.description;
  if (schema.enum) {
    return { kind: 'select', key, name, label, hint, required, options: schema.enum.map((v) => ({ value: v, label: optionLabel(v) })), default: schema.default };
  }
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return {
        kind: typeOf(schema) === 'integer' ? 'int' : 'number',
        key,
        name,
        label,
        hint,
        required,
        default: typeof schema.default === 'number' ? schema.default : undefined,
        min: schema.minimum,
        max: schema.maximum,
        odd: schema.not?.multipleOf === 2,
        notZero: schema.not?.const === 0,
      };
    case 'boolean':
      return { kind: 'bool', key, name, label, hint, default: schema.default === true };
    case 'array':
      return { kind: 'numbers', key, name, label, hint, required, minItems: schema.minItems, maxItems: schema.maxItems };
    default:
      return { kind: 'select', key, name, label, hint, required, options: [] };
  }
}

function fieldsOf(schema: JsonSchema, skip: readonly string[], prefix = ''): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, property]) => fieldOf(name, property, required.has(name), prefix));
}

/** The member whose `const` tells the `oneOf` branches apart, e.g. `name`. */
function discriminatorOf(branches: readonly JsonSchema[]): string | undefined {
  const first = branches[0]?.properties ?? {};
  return Object.keys(first).find((name) => branches.every((b) => b.properties?.[name]?.const !== undefined));
}

export function formOf(details: OperationDetails): OperationForm {
  const params = details.params;
  const branches = params.oneOf ?? [];
  const picker = branches.length ? discriminatorOf(branches) : undefined;
  const fields = fieldsOf(params, [...RESULT_FORMAT, ...(picker ? [picker] : [])]);
  const format = fieldsOf(params, []).filter((f) => (RESULT_FORMAT as readonly string[]).includes(f.name));
  const discriminator = picker
    ? {
        name: picker,
        label: params.properties?.[picker]?.title ?? picker,
        variants: branches.map((branch) => {
          const value = String(branch.properties?.[picker]?.const);
          return { value, label: branch.title ?? value, hint: branch.description, fields: fieldsOf(branch, [picker], value) };
        }),
      }
    : undefined;
  const qualityFormats = params.properties?.quality?.['x-formats'] ?? ['jpeg'];
  return { name: details.name, label: details.title, image: details.result === 'image', fields, discriminator, format, qualityFormats };
}

export function parseNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const nums = parts.map(Number);
  return nums.every((n) => Number.isFinite(n)) ? nums : null;
}

/** How a select's option is written in form values: a string as is, anything else as JSON ("[3,3]"). */
export function optionKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Raw form values by field key: strings from inputs and selects ({@link optionKey}), booleans from checkboxes. */
export type FormValues = Readonly<Record<string, string | boolean | undefined>>;

export interface Built {
  readonly params: Record<string, unknown>;
  /** Field key to message; empty when the params can be sent. */
  readonly errors: Record<string, string>;
}

/** Reads one field into `params`, or says what is wrong with it in `errors`, by the schema's rules. */
function readField(field: Field, raw: string | boolean | undefined, params: Record<string, unknown>, errors: Record<string, string>): void {
  switch (field.kind) {
    case 'bool':
      params[field.name] = raw === undefined ? field.default : raw === true || raw === 'true' || raw === 'on';
      return;
    case 'select': {
      // Untouched, a select shows its default, or its first option when it has none.
      const byDefault = field.options.findIndex((o) => optionKey(o.value) === optionKey(field.default));
      const index = typeof raw === 'string' && raw !== '' ? field.options.findIndex((o) => optionKey(o.value) === raw) : byDefault >= 0 ? byDefault : field.required ? 0 : -1;
      const option = field.options[index];
      if (option) params[field.name] = option.value;
      else if (field.required) errors[field.key] = 'Required';
      return;
    }
    case 'numbers': {
      const text = typeof raw === 'string' ? raw : '';
      if (text.trim() === '') {
        if (field.required) errors[field.key] = 'Required';
        return;
      }
      const nums = parseNumbers(text);
      if (!nums) errors[field.key] = 'Numbers only, separated by spaces or commas';
      else if (field.minItems !== undefined && nums.length < field.minItems) errors[field.key] = `At least ${field.minItems} numbers, got ${nums.length}`;
      else if (field.maxItems !== undefined && nums.length > field.maxItems) errors[field.key] = `At most ${field.maxItems} numbers, got ${nums.length}`;
      else params[field.name] = nums;
      return;
    }
    case 'int':
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : raw === undefined && field.default !== undefined ? String(field.default) : '';
      if (text === '') {
        if (field.required) errors[field.key] = 'Required';
        return;
      }
      const v = Number(text);
      if (!Number.isFinite(v)) errors[field.key] = 'Not a number';
      else if (field.kind === 'int' && !Number.isInteger(v)) errors[field.key] = 'Whole number';
      else if (field.min !== undefined && v < field.min) errors[field.key] = `At least ${field.min}`;
      else if (field.max !== undefined && v > field.max) errors[field.key] = `At most ${field.max}`;
      else if (field.odd && v % 2 === 0) errors[field.key] = 'Must be odd';
      else if (field.notZero && v === 0) errors[field.key] = 'Must not be 0';
      else params[field.name] = v;
    }
  }
}

/** The variant the form shows: the chosen one, else the first. */
export function variantOf(form: OperationForm, values: FormValues): Variant | undefined {
  const d = form.discriminator;
  if (!d) return undefined;
  const chosen = values[d.name];
  return d.variants.find((v) => v.value === chosen) ?? d.variants[0];
}

/**
 * The `params` of POST /api/jobs for these form values, checked against the schema. A variant's
 * fields are keyed `Variant.field` (`GaussianBlur.radius`) so each filter keeps its own values.
 * `format` is sent only when chosen, and `quality` only with a format it applies to (JPEG, WebP, auto).
 */
export function buildParams(form: OperationForm, values: FormValues): Built {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of form.fields) readField(f, values[f.key], params, errors);
  const variant = variantOf(form, values);
  if (form.discriminator && variant) {
    params[form.discriminator.name] = variant.value;
    for (const f of variant.fields) readField(f, values[f.key], params, errors);
  }
  if (form.image) {
    const [format, quality] = form.format;
    if (format && typeof values[format.key] === 'string' && values[format.key] !== '') {
      readField(format, values[format.key], params, errors);
      if (quality && form.qualityFormats.includes(String(params[format.name]))) readField(quality, values[quality.key], params, errors);
    }
  }
  return { params, errors };
}

/**
 * Where a problem's JSON pointer (from the server's `errors`) belongs in this form: the field key,
 * or undefined for a member the form does not show. `/params/radius` of a Gaussian blur is
 * `GaussianBlur.radius`; `/params/name` is the variant picker.
 */
export function fieldKeyOf(form: OperationForm, values: FormValues, pointer: string): string | undefined {
  const m = /^\/params\/([^/]+)/.exec(pointer);
  if (!m) return undefined;
  const name = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
  if (form.discriminator?.name === name) return name;
  const variant = variantOf(form, values);
  const all = [...form.fields, ...(variant?.fields ?? []), ...form.format];
  return all.find((f) => f.name === name)?.key;
}

/** The label of a field key, for messages: "Radius". */
export function labelOf(form: OperationForm, values: FormValues, key: string): string | undefined {
  if (form.discriminator?.name === key) return form.discriminator.label;
  const variant = variantOf(form, values);
  return [...form.fields, ...(variant?.fields ?? []), ...form.format].find((f) => f.key === key)?.label;
}

/** What a result is called in its caption: "Gaussian blur filter", "Thumbnail". */
export function describeRun(form: OperationForm, params: Record<string, unknown>): string {
  const variant = form.discriminator ? form.discriminator.variants.find((v) => v.value === params[form.discriminator!.name]) : undefined;
  return variant ? `${variant.label} ${form.label.toLowerCase()}` : form.label;
}

/** Parses GET /api/operations; tolerates an older server that sends names only (no forms then). */
export function parseCatalog(body: unknown): Catalog {
  const o = (body ?? {}) as { operations?: unknown; details?: unknown };
  const operations = Array.isArray(o.operations) ? o.operations.filter((n): n is string => typeof n === 'string') : [];
  const details = Array.isArray(o.details) ? (o.details as OperationDetails[]).filter((d) => d && typeof d.name === 'string' && d.params) : [];
  return { operations, details };
}
