/** Parameter forms of the operations, and turning form values into a job's `params`. */

export type Field =
  | { kind: 'int' | 'number'; name: string; label: string; default?: number; min?: number; max?: number; step?: number | 'any'; optional?: boolean; hint?: string }
  | { kind: 'bool'; name: string; label: string; default: boolean }
  | { kind: 'select'; name: string; label: string; default: string; options: readonly { value: string; label: string }[] }
  | { kind: 'numbers'; name: string; label: string; default: string; hint?: string };

export interface FilterDef {
  readonly name: string;
  readonly label: string;
  readonly fields: readonly Field[];
}

const BUILT_IN = ['BLUR', 'CONTOUR', 'DETAIL', 'EDGE_ENHANCE', 'EDGE_ENHANCE_MORE', 'EMBOSS', 'FIND_EDGES', 'SHARPEN', 'SMOOTH', 'SMOOTH_MORE'] as const;

const size = (def = 3): Field => ({ kind: 'int', name: 'size', label: 'Size (odd)', default: def, min: 1, max: 15, step: 2 });

export const FILTERS: readonly FilterDef[] = [
  ...BUILT_IN.map((name) => ({ name, label: name.replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()), fields: [] })),
  { name: 'GaussianBlur', label: 'Gaussian blur', fields: [{ kind: 'number', name: 'radius', label: 'Radius', default: 2, min: 0, max: 100, step: 0.5 }] },
  { name: 'BoxBlur', label: 'Box blur', fields: [{ kind: 'number', name: 'radius', label: 'Radius', default: 2, min: 0, max: 100, step: 0.5 }] },
  {
    name: 'UnsharpMask',
    label: 'Unsharp mask',
    fields: [
      { kind: 'number', name: 'radius', label: 'Radius', default: 2, min: 0, max: 100, step: 0.5 },
      { kind: 'int', name: 'percent', label: 'Percent', default: 150, min: 0, max: 1000 },
      { kind: 'int', name: 'threshold', label: 'Threshold', default: 3, min: 0, max: 255 },
    ],
  },
  { name: 'MedianFilter', label: 'Median', fields: [size()] },
  { name: 'MinFilter', label: 'Min', fields: [size()] },
  { name: 'MaxFilter', label: 'Max', fields: [size()] },
  { name: 'ModeFilter', label: 'Mode', fields: [size()] },
  {
    name: 'RankFilter',
    label: 'Rank',
    fields: [size(3), { kind: 'int', name: 'rank', label: 'Rank (0 = min, size² − 1 = max)', default: 4, min: 0, max: 224 }],
  },
  {
    name: 'Kernel',
    label: 'Custom kernel',
    fields: [
      { kind: 'select', name: 'size', label: 'Kernel size', default: '3', options: [{ value: '3', label: '3 × 3' }, { value: '5', label: '5 × 5' }] },
      { kind: 'numbers', name: 'kernel', label: 'Kernel (9 or 25 numbers, row by row)', default: '0 -1 0\n-1 5 -1\n0 -1 0' },
      { kind: 'number', name: 'scale', label: 'Scale (empty: sum of kernel)', min: -1e6, max: 1e6, step: 'any', optional: true },
      { kind: 'number', name: 'offset', label: 'Offset', default: 0, min: -255, max: 255, step: 1 },
    ],
  },
];

const FORMAT: readonly Field[] = [
  {
    kind: 'select',
    name: 'format',
    label: 'Output format',
    default: '',
    options: [
      { value: '', label: 'Server default' },
      { value: 'png', label: 'PNG' },
      { value: 'jpeg', label: 'JPEG' },
    ],
  },
  { kind: 'int', name: 'quality', label: 'JPEG quality', default: 90, min: 1, max: 100 },
];

export interface OperationDef {
  readonly name: string;
  readonly label: string;
  readonly fields: readonly Field[];
  /** Produces an image, so `format`/`quality` apply. */
  readonly image: boolean;
}

export const OPERATIONS: readonly OperationDef[] = [
  { name: 'grayscale', label: 'Grayscale', fields: [], image: true },
  {
    name: 'thumbnail',
    label: 'Thumbnail',
    image: true,
    fields: [
      { kind: 'int', name: 'maxWidth', label: 'Max width', default: 320, min: 1, max: 10000 },
      { kind: 'int', name: 'maxHeight', label: 'Max height', default: 320, min: 1, max: 10000 },
    ],
  },
  { name: 'filter', label: 'Filter', fields: [], image: true },
  {
    name: 'ascii',
    label: 'ASCII art',
    image: false,
    fields: [
      { kind: 'int', name: 'width', label: 'Width (characters)', default: 100, min: 1, max: 1000 },
      { kind: 'bool', name: 'invert', label: 'Invert', default: false },
    ],
  },
  { name: 'colors', label: 'Dominant colours', fields: [], image: false },
];

export const FORMAT_FIELDS = FORMAT;

export function operationDef(name: string): OperationDef {
  return OPERATIONS.find((o) => o.name === name) ?? { name, label: name, fields: [], image: false };
}

export function filterDef(name: string): FilterDef | undefined {
  return FILTERS.find((f) => f.name === name);
}

/** Raw form values: strings from inputs, booleans from checkboxes. */
export type FormValues = Readonly<Record<string, string | boolean | undefined>>;

export interface Built {
  readonly params: Record<string, unknown>;
  /** Field name to message; empty when the params can be sent. */
  readonly errors: Record<string, string>;
}

export function parseNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const nums = parts.map(Number);
  return nums.every((n) => Number.isFinite(n)) ? nums : null;
}

function readField(field: Field, raw: string | boolean | undefined, params: Record<string, unknown>, errors: Record<string, string>, key = field.name): void {
  switch (field.kind) {
    case 'bool':
      params[field.name] = raw === undefined ? field.default : raw === true || raw === 'true' || raw === 'on';
      return;
    case 'select':
      params[field.name] = typeof raw === 'string' ? raw : field.default;
      return;
    case 'numbers': {
      const nums = parseNumbers(typeof raw === 'string' ? raw : field.default);
      if (!nums) errors[key] = 'Numbers only, separated by spaces or commas';
      else params[field.name] = nums;
      return;
    }
    case 'int':
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : raw === undefined && field.default !== undefined ? String(field.default) : '';
      if (text === '') {
        if (!field.optional) errors[key] = 'Required';
        return;
      }
      const v = Number(text);
      if (!Number.isFinite(v)) errors[key] = 'Not a number';
      else if (field.kind === 'int' && !Number.isInteger(v)) errors[key] = 'Whole number';
      else if (field.min !== undefined && v < field.min) errors[key] = `At least ${field.min}`;
      else if (field.max !== undefined && v > field.max) errors[key] = `At most ${field.max}`;
      else params[field.name] = v;
    }
  }
}

/**
 * Builds the `params` of POST /api/jobs. Filter fields are read from keys prefixed with the
 * filter's name (`GaussianBlur.radius`) so each filter keeps its own values in the form.
 */
export function buildParams(operation: string, values: FormValues): Built {
  const op = operationDef(operation);
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of op.fields) readField(f, values[f.name], params, errors);

  if (operation === 'filter') {
    const name = typeof values.filter === 'string' && values.filter ? values.filter : 'BLUR';
    const def = filterDef(name);
    params.name = name;
    if (def) {
      for (const f of def.fields) {
        const key = `${name}.${f.name}`;
        readField(f, values[key], params, errors, key);
      }
      if (name === 'Kernel') {
        const n = Number(params.size ?? 3);
        params.size = [n, n];
        const k = params.kernel as number[] | undefined;
        if (k && k.length !== n * n) errors['Kernel.kernel'] = `A ${n} × ${n} kernel needs ${n * n} numbers, got ${k.length}`;
      }
      if ('size' in params && name !== 'Kernel') {
        const s = params.size as number;
        if (s % 2 === 0) errors[`${name}.size`] = 'Must be odd';
        if (name === 'RankFilter' && typeof params.rank === 'number' && params.rank >= s * s) errors['RankFilter.rank'] = `Below ${s * s} for size ${s}`;
      }
    }
  }

  if (op.image) {
    const format = typeof values.format === 'string' ? values.format : '';
    if (format) {
      params.format = format;
      if (format === 'jpeg') readField(FORMAT[1], values.quality, params, errors);
    }
  }
  return { params, errors };
}
