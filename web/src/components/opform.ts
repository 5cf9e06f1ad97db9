/** The operation picker with one parameter form per operation (and per filter), defaults filled in. */
import { h, nextId } from '../dom';
import { buildParams, type Built, type Field, FILTERS, filterDef, FORMAT_FIELDS, type FormValues, OPERATIONS, operationDef } from '../lib/params';

export interface OperationForm {
  readonly root: HTMLElement;
  readonly operation: () => string;
  /** Builds the params and shows any field errors; `errors` is empty when they can be sent. */
  readonly build: () => Built;
  readonly setAvailable: (names: readonly string[]) => void;
}

export function operationForm(): OperationForm {
  const values: Record<string, string | boolean> = { filter: 'GaussianBlur' };
  const errorsShown = new Map<string, HTMLElement>();
  let available: readonly string[] = OPERATIONS.map((o) => o.name);

  const opId = nextId('op');
  const select = h('select', { id: opId, name: 'operation', onchange: () => renderParams() });
  const fields = h('div', { class: 'fields' });
  const root = h(
    'fieldset',
    { class: 'op-form' },
    h('legend', null, 'What to do'),
    h('div', { class: 'field' }, h('label', { for: opId }, 'Operation'), select),
    fields,
  );

  function fillOperations(): void {
    const current = select.value || 'grayscale';
    select.replaceChildren(...available.map((name) => h('option', { value: name }, operationDef(name).label)));
    select.value = available.includes(current) ? current : available.includes('grayscale') ? 'grayscale' : (available[0] ?? '');
  }

  function input(field: Field, key: string): HTMLElement {
    const id = nextId('param');
    const errId = `${id}-error`;
    const err = h('span', { class: 'field-error', id: errId, role: 'alert' });
    errorsShown.set(key, err);
    const raw = values[key];
    let control: HTMLElement;
    switch (field.kind) {
      case 'bool': {
        const cb = h('input', { id, type: 'checkbox', checked: raw === undefined ? field.default : raw === true, onchange: () => (values[key] = cb.checked) });
        return h('div', { class: 'field field-check' }, cb, h('label', { for: id }, field.label), err);
      }
      case 'select': {
        const sel = h('select', { id, 'aria-describedby': errId }, ...field.options.map((o) => h('option', { value: o.value }, o.label)));
        sel.value = typeof raw === 'string' ? raw : field.default;
        sel.addEventListener('change', () => {
          values[key] = sel.value;
          if (key === 'format') renderParams();
        });
        control = sel;
        break;
      }
      case 'numbers': {
        const ta = h('textarea', { id, rows: 5, spellcheck: false, 'aria-describedby': errId, oninput: () => (values[key] = ta.value) });
        ta.value = typeof raw === 'string' ? raw : field.default;
        control = ta;
        break;
      }
      default: {
        const inp = h('input', {
          id,
          type: 'number',
          inputMode: field.kind === 'int' ? 'numeric' : 'decimal',
          min: field.min,
          max: field.max,
          step: field.step ?? (field.kind === 'int' ? 1 : 'any'),
          placeholder: field.optional ? 'auto' : undefined,
          'aria-describedby': errId,
          oninput: () => (values[key] = inp.value),
        });
        inp.value = typeof raw === 'string' ? raw : field.default !== undefined ? String(field.default) : '';
        control = inp;
      }
    }
    return h('div', { class: 'field' }, h('label', { for: id }, field.label), control, err);
  }

  function renderParams(): void {
    errorsShown.clear();
    const op = operationDef(select.value);
    const parts: HTMLElement[] = op.fields.map((f) => input(f, f.name));
    if (op.name === 'filter') {
      const id = nextId('filter');
      const fsel = h(
        'select',
        { id, onchange: () => ((values.filter = fsel.value), renderParams()) },
        h('optgroup', { label: 'Built-in' }, ...FILTERS.filter((f) => f.fields.length === 0).map((f) => h('option', { value: f.name }, f.label))),
        h('optgroup', { label: 'With parameters' }, ...FILTERS.filter((f) => f.fields.length > 0).map((f) => h('option', { value: f.name }, f.label))),
      );
      fsel.value = String(values.filter);
      parts.push(h('div', { class: 'field' }, h('label', { for: id }, 'Filter'), fsel));
      const def = filterDef(String(values.filter));
      for (const f of def?.fields ?? []) parts.push(input(f, `${def!.name}.${f.name}`));
    }
    if (op.image) {
      parts.push(input(FORMAT_FIELDS[0], 'format'));
      if (values.format === 'jpeg') parts.push(input(FORMAT_FIELDS[1], 'quality'));
    }
    if (parts.length === 0) parts.push(h('p', { class: 'muted' }, 'No parameters.'));
    fields.replaceChildren(...parts);
  }

  fillOperations();
  renderParams();

  return {
    root,
    operation: () => select.value,
    build: () => {
      const built = buildParams(select.value, values as FormValues);
      for (const [key, el] of errorsShown) el.textContent = built.errors[key] ?? '';
      return built;
    },
    setAvailable: (names) => {
      // Offer what the server has, in our order; unknown new operations still appear, without a form.
      const known = OPERATIONS.map((o) => o.name).filter((n) => names.includes(n));
      available = [...known, ...names.filter((n) => !known.includes(n))];
      if (available.length === 0) available = OPERATIONS.map((o) => o.name);
      fillOperations();
      renderParams();
    },
  };
}
