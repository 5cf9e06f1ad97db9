/** A tiny element builder: enough to keep the render functions readable without a framework. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
      } else if (key === 'class') {
        el.className = String(value);
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else if (key === 'dataset' && typeof value === 'object') {
        Object.assign(el.dataset, value);
      } else if (key.includes('-') || !(key in el)) {
        el.setAttribute(key, value === true ? '' : String(value));
      } else {
        (el as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c !== null && c !== undefined && c !== false) el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

let uid = 0;
/** A unique id for label/for pairs. */
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/**
 * Coalesces many updates into one DOM pass per animation frame: `schedule(key)` collects keys,
 * `flush(keys)` runs once per frame with all of them.
 */
export function frameBatcher<K>(flush: (keys: Set<K>) => void): { schedule(key: K): void; cancel(): void } {
  let pending = new Set<K>();
  let frame = 0;
  return {
    schedule(key: K) {
      pending.add(key);
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          const keys = pending;
          pending = new Set();
          flush(keys);
        });
      }
    },
    cancel() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pending = new Set();
    },
  };
}

/** A labelled `<progress>` with its percentage text beside it. */
export function progressBar(label: string, id = nextId('progress')): { root: HTMLElement; set(value: number | null): void; bar: HTMLProgressElement } {
  const bar = h('progress', { id, max: 100, value: 0, 'aria-label': label });
  const out = h('span', { class: 'progress-value', 'aria-hidden': 'true' }, '0%');
  const root = h('div', { class: 'progress-row' }, h('span', { class: 'progress-label', 'aria-hidden': 'true' }, label), bar, out);
  return {
    root,
    bar,
    set(value: number | null) {
      if (value === null) {
        bar.removeAttribute('value'); // indeterminate
        out.textContent = '…';
        return;
      }
      const v = Math.round(Math.max(0, Math.min(100, value)));
      bar.value = v;
      out.textContent = `${v}%`;
    },
  };
}
