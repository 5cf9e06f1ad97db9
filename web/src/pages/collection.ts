/** Collection: every stored image, newest first, a page at a time; each opens its own page. */
import { api, type ImageInfo } from '../api';
import { h } from '../dom';
import { imageName } from './image';

const PAGE = 24;

export function collectionPage(container: HTMLElement): () => void {
  let next: string | null = null;
  let disposed = false;
  const grid = h('ul', { class: 'gallery collection', 'aria-label': 'Images' });
  const message = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => void load() }, 'Show more');
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No images yet. Convert or upload one to start the collection.');

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'collection-h' },
      h('h1', { id: 'collection-h' }, 'Collection'),
      h('p', { class: 'muted' }, 'Every image you have stored. Open one to run any operation on it.'),
      message,
      empty,
      grid,
      more,
    ),
  );

  function tile(image: ImageInfo): HTMLElement {
    const name = imageName(image);
    return h(
      'li',
      { dataset: { id: image.id } },
      h(
        'a',
        { class: 'tile', href: `/images/${encodeURIComponent(image.id)}`, 'data-link': '', title: name },
        h('img', { src: image.links.thumbnail, alt: '', loading: 'lazy', decoding: 'async', onerror: (e: Event) => ((e.target as HTMLImageElement).hidden = true) }),
        h('span', { class: 'tile-name' }, name),
      ),
    );
  }

  async function load(): Promise<void> {
    more.disabled = true;
    try {
      const page = await api.images(PAGE, next);
      if (disposed) return;
      grid.append(...page.images.map(tile));
      next = page.next;
      more.hidden = !next;
      empty.hidden = grid.children.length > 0;
      message.textContent = '';
    } catch (err) {
      message.textContent = `Could not load the images: ${(err as Error).message}`;
      message.className = 'status error';
    } finally {
      more.disabled = false;
    }
  }

  void load();
  return () => {
    disposed = true;
  };
}
