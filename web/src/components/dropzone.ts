/** A file input with a drop zone around it; the input stays the keyboard way in. */
import { h, nextId } from '../dom';

export function dropZone(opts: { label: string; hint: string; multiple: boolean; onFiles: (files: File[]) => void; accept?: string }): HTMLElement {
  const id = nextId('file');
  const inputEl = h('input', {
    id,
    type: 'file',
    class: 'visually-hidden-file',
    accept: opts.accept ?? 'image/*',
    multiple: opts.multiple,
    onchange: () => {
      const files = [...(inputEl.files ?? [])];
      inputEl.value = '';
      if (files.length) opts.onFiles(files);
    },
  });
  const zone = h(
    'div',
    { class: 'dropzone' },
    inputEl,
    h('label', { for: id, class: 'button' }, opts.label),
    h('p', { class: 'muted' }, opts.hint),
  );
  let depth = 0;
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    zone.classList.add('over');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    if (--depth <= 0) {
      depth = 0;
      zone.classList.remove('over');
    }
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('over');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) opts.onFiles(files);
  });
  return zone;
}
