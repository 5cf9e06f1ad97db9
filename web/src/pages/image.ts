/** One stored image: what it is, and any operation run on it, with live progress and the result. */
import { api, type ImageInfo } from '../api';
import { operationForm } from '../components/opform';
import { jobRunner } from '../components/runner';
import { h } from '../dom';
import { formatBytes } from '../lib/progress';

/** What a person calls an image: its file name, else the URL it came from, else its id. */
export function imageName(image: Pick<ImageInfo, 'id' | 'filename' | 'url'>): string {
  return image.filename || image.url || image.id;
}

export function imagePage(container: HTMLElement, id: string): () => void {
  const form = operationForm();
  const runner = jobRunner(form, 'Choose what to do, then run it.', false);
  const heading = h('h1', { id: 'image-h' }, 'Image');
  const facts = h('p', { class: 'muted image-facts' });
  const preview = h('img', { class: 'image-preview', alt: '', hidden: true });
  const runButton = h('button', { type: 'button', disabled: true, onclick: () => image && void runner.run({ id: image.id, name: imageName(image) }) }, 'Run');
  let image: ImageInfo | null = null;
  let disposed = false;

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'image-h' },
      h('p', null, h('a', { href: '/images', 'data-link': '' }, '← Collection')),
      heading,
      h('div', { class: 'convert-grid' }, h('div', null, preview, facts, h('div', { class: 'actions' }, runButton), runner.controls), form.root),
      runner.resultBox,
    ),
  );

  async function load(): Promise<void> {
    try {
      const [info, catalog] = await Promise.all([api.image(id), api.operations()]);
      if (disposed) return;
      image = info;
      form.setCatalog(catalog);
      heading.textContent = imageName(info);
      document.title = `${imageName(info)} · Darkroom`;
      const size = info.width && info.height ? `${info.width} × ${info.height}` : 'size not known yet';
      facts.textContent = [info.contentType, size, info.sizeBytes ? formatBytes(info.sizeBytes) : null, `status ${info.status}`].filter(Boolean).join(' · ');
      preview.src = info.links.thumbnail;
      preview.alt = `Thumbnail of ${imageName(info)}`;
      preview.onload = () => (preview.hidden = false);
      runButton.disabled = false;
    } catch (err) {
      if (!disposed) runner.say(`Could not load this image: ${(err as Error).message}`, true);
    }
  }

  void load();
  return () => {
    disposed = true;
    runner.dispose();
  };
}
