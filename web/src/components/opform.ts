/**
 * The operation picker with one parameter form per operation (and per filter), made from the
 * JSON Schema the server serves at GET /api/operations: labels, defaults, ranges and choices are
 * the server's own, and values are checked against them before anything is sent.
 */
import { h, nextId } from '../dom';
import { type Problem, problemMessage } from '../lib/problem';
import { buildParams, type Built, type Catalog, describeRun, type Field, fieldKeyOf, formOf, type FormValues, labelOf, type OperationForm, optionKey, variantOf } from '../lib/schema';

export interface OperationFormView {
  readonly root: HTMLElement;
  readonly operation: () => string;
  /** Whether the operations have arrived, so a job can be built. */
  readonly ready: () => boolean;
  /** Builds the params and shows any field errors; `errors` is empty when they can be sent. */
  readonly build: () => Built;
  /** What a run with these params is called, e.g. "Gaussian blur filter". */
  readonly describe: (params: Record<string, unknown>) => string;
  readonly setCatalog: (catalog: Catalog) => void;
  /** Shows the server's problem at the fields it names; returns the sentence for the status line. */
  readonly showProblem: (problem: Problem) => string;
}

/** The variant a filter form starts on: a filter with something to set. */
const FIRST_VARIANT = 'GaussianBlur';

export function operationForm(): OperationFormView {
  const values: Record<string, string | boolean> = {};
  const errorsShown = new Map<string, HTMLElement>();
  let forms: OperationForm[] = [];

  const opId = nextId('op');
  const select = h('select', { id: opId, name: 'operation', disabled: true, onchange: () => renderParams() });
  const fields = h('div', { class: 'fields' }, h('p', { class: 'muted' }, 'Loading the operations…'));
  const root = h(
    'fieldset',
    { class: 'op-form' },
    h('legend', null, 'What to do'),
    h('div', { class: 'field' }, h('label', { for: opId }, 'Operation'), select),
    fields,
  );

  const current = (): OperationForm | undefined => forms.find((f) => f.name === select.value);

  function control(field: Field, key: string): HTMLElement {
    const id = nextId('param');
    const errId = `${id}-error`;
    const err = h('span', { class: 'field-error', id: errId, role: 'alert' });
    errorsShown.set(key, err);
    const raw = values[key];
    const title = field.hint;
    switch (field.kind) {
      case 'bool': {
        const cb = h('input', { id, type: 'checkbox', checked: raw === undefined ? field.default : raw === true, onchange: () => (values[key] = cb.checked) });
        return h('div', { class: 'field field-check', title }, cb, h('label', { for: id }, field.label), err);
      }
      case 'select': {
        const sel = h('select', { id, 'aria-describedby': errId }, ...field.options.map((o) => h('option', { value: optionKey(o.value) }, o.label)));
        if (key === 'format') sel.prepend(h('option', { value: '' }, 'Server default'));
        const fallback = key === 'format' ? '' : field.default !== undefined ? optionKey(field.default) : optionKey(field.options[0]?.value);
        sel.value = typeof raw === 'string' ? raw : fallback;
        sel.addEventListener('change', () => {
          values[key] = sel.value;
          if (key === 'format') renderParams();
        });
        return h('div', { class: 'field', title }, h('label', { for: id }, field.label), sel, err);
      }
      case 'numbers': {
        const count = field.minItems === field.maxItems ? `${field.minItems}` : `${field.minItems ?? 1} to ${field.maxItems ?? 'any'}`;
        const ta = h('textarea', { id, rows: 5, spellcheck: false, placeholder: `${count} numbers, row by row`, 'aria-describedby': errId, oninput: () => (values[key] = ta.value) });
        ta.value = typeof raw === 'string' ? raw : '';
        return h('div', { class: 'field', title }, h('label', { for: id }, field.label), ta, err);
      }
      default: {
        const inp = h('input', {
          id,
          type: 'number',
          inputMode: field.kind === 'int' ? 'numeric' : 'decimal',
          min: field.min,
          max: field.max,
          step: field.odd ? 2 : field.kind === 'int' ? 1 : 'any',
          placeholder: field.required || field.default !== undefined ? undefined : 'auto',
          'aria-describedby': errId,
          oninput: () => (values[key] = inp.value),
        });
        inp.value = typeof raw === 'string' ? raw : field.default !== undefined ? String(field.default) : '';
        const range = field.min !== undefined && field.max !== undefined ? ` (${field.min}–${field.max})` : '';
        return h('div', { class: 'field', title }, h('label', { for: id }, field.label, h('span', { class: 'range' }, range)), inp, err);
      }
    }
  }

  function renderParams(): void {
    errorsShown.clear();
    const op = current();
    if (!op) {
      fields.replaceChildren(h('p', { class: 'muted' }, select.value ? 'No form for this operation.' : 'Loading the operations…'));
      return;
    }
    const parts: HTMLElement[] = op.fields.map((f) => control(f, f.key));
    const d = op.discriminator;
    if (d) {
      const id = nextId('variant');
      const err = h('span', { class: 'field-error', role: 'alert' });
      errorsShown.set(d.name, err);
      const plain = d.variants.filter((v) => v.fields.length === 0);
      const tuned = d.variants.filter((v) => v.fields.length > 0);
      const vsel = h(
        'select',
        { id, onchange: () => ((values[d.name] = vsel.value), renderParams()) },
        tuned.length ? h('optgroup', { label: 'With parameters' }, ...tuned.map((v) => h('option', { value: v.value, title: v.hint }, v.label))) : null,
        plain.length ? h('optgroup', { label: 'Built-in' }, ...plain.map((v) => h('option', { value: v.value, title: v.hint }, v.label))) : null,
      );
      const variant = variantOf(op, values as FormValues);
      if (variant) vsel.value = variant.value;
      parts.push(h('div', { class: 'field' }, h('label', { for: id }, d.label), vsel, err));
      for (const f of variant?.fields ?? []) parts.push(control(f, f.key));
      if (variant?.hint) parts.push(h('p', { class: 'muted field-note' }, variant.hint));
    }
    if (op.image && op.format.length) {
      const [format, quality] = op.format;
      parts.push(control(format, format.key));
      if (quality && op.qualityFormats.includes(String(values[format.key]))) parts.push(control(quality, quality.key));
    }
    if (parts.length === 0) parts.push(h('p', { class: 'muted' }, 'No parameters.'));
    fields.replaceChildren(...parts);
  }

  function show(errors: Record<string, string>): void {
    for (const [key, el] of errorsShown) el.textContent = errors[key] ?? '';
  }

  return {
    root,
    operation: () => select.value,
    ready: () => current() !== undefined,
    build: () => {
      const op = current();
      if (!op) return { params: {}, errors: { operation: 'The operations have not loaded yet' } };
      const built = buildParams(op, values as FormValues);
      show(built.errors);
      return built;
    },
    describe: (params) => {
      const op = current();
      return op ? describeRun(op, params) : select.value;
    },
    setCatalog: (catalog) => {
      forms = catalog.details.map(formOf);
      const names = catalog.operations.length ? catalog.operations : forms.map((f) => f.name);
      const chosen = select.value || (names.includes('grayscale') ? 'grayscale' : names[0]) || '';
      const filter = forms.find((f) => f.discriminator);
      if (filter?.discriminator && values[filter.discriminator.name] === undefined && filter.discriminator.variants.some((v) => v.value === FIRST_VARIANT)) {
        values[filter.discriminator.name] = FIRST_VARIANT;
      }
      select.replaceChildren(...names.map((name) => h('option', { value: name }, forms.find((f) => f.name === name)?.label ?? name)));
      select.value = names.includes(chosen) ? chosen : (names[0] ?? '');
      select.disabled = names.length === 0;
      renderParams();
    },
    showProblem: (problem) => {
      const op = current();
      const errors: Record<string, string> = {};
      const label = (pointer: string): string | undefined => {
        const key = op ? fieldKeyOf(op, values as FormValues, pointer) : undefined;
        return key && op ? labelOf(op, values as FormValues, key) : undefined;
      };
      for (const e of problem.errors ?? []) {
        const key = op ? fieldKeyOf(op, values as FormValues, e.pointer) : undefined;
        if (key) errors[key] = errors[key] ? `${errors[key]}; ${e.detail}` : e.detail;
      }
      show(errors);
      return problemMessage(problem, label);
    },
  };
}
