/** Gallery: images whose dominant colours match a hue, live over one WebSocket (protocol in web/PROTOCOL.md). */
import { h } from '../dom';
import { type Change, type ClientMessage, type GalleryImage, type GalleryState, hueColor, initialGalleryState, more, parseServerMessage, pickHue, query, receive, remove, type Step } from '../lib/gallery';
import { ReconnectingSocket, type SocketState, socketUrl } from '../lib/socket';

const STATE_TEXT: Record<SocketState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

const HUE_KEY = 'darkroom.gallery.hue';

export function galleryPage(container: HTMLElement): () => void {
  const saved = Number(sessionStorage.getItem(HUE_KEY));
  let state: GalleryState = initialGalleryState(Number.isFinite(saved) ? saved : 0);
  const tiles = new Map<string, HTMLElement>();

  const range = h('input', { id: 'hue', type: 'range', min: 0, max: 359, step: 1, value: String(state.hue), 'aria-valuetext': '' });
  const swatch = h('span', { class: 'hue-swatch', 'aria-hidden': 'true' });
  const readout = h('output', { for: 'hue', class: 'hue-value' });
  const conn = h('span', { class: 'conn', role: 'status', 'aria-live': 'polite' });
  const retry = h('button', { type: 'button', class: 'link-button', hidden: true, onclick: () => socket.retryNow() }, 'Reconnect now');
  const message = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const grid = h('ul', { class: 'gallery', 'aria-label': 'Matching images' });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No images match this hue yet.');

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'gallery-h' },
      h('div', { class: 'title-row' }, h('h1', { id: 'gallery-h' }, 'Gallery'), h('div', { class: 'conn-box' }, conn, retry)),
      h('div', { class: 'hue-row' }, h('label', { for: 'hue' }, 'Hue'), range, swatch, readout),
      h('p', { class: 'muted' }, 'Images with a dominant colour near this hue. Open one to run an operation on it; × deletes it, once you confirm.'),
      message,
      empty,
      grid,
      sentinel,
    ),
  );

  function showHue(): void {
    const hue = Number(range.value);
    swatch.style.background = hueColor(hue);
    readout.textContent = `${hue}°`;
    range.setAttribute('aria-valuetext', `${hue} degrees`);
    range.style.setProperty('--thumb', hueColor(hue));
  }

  function send(msg: ClientMessage | undefined): void {
    if (msg) socket.send(msg);
  }

  function step(s: Step): void {
    state = s.state;
    send(s.send);
    apply(s.changes);
  }

  function tile(img: GalleryImage): HTMLElement {
    const dots = img.colors.slice(0, 5).map((c) => h('span', { class: 'dot', style: { background: c.hex } }));
    const open = h(
      'a',
      { class: 'tile', href: `/images/${encodeURIComponent(img.id)}`, 'data-link': '', 'aria-label': `Open image ${img.id}`, title: 'Open: run an operation on it' },
      h('img', { src: img.thumbnailUrl, alt: '', loading: 'lazy', decoding: 'async', width: img.width || 320, height: img.height || 320 }),
      h('span', { class: 'dots', 'aria-hidden': 'true' }, ...dots),
    );
    const box = h('li', { class: 'tile-box', dataset: { id: img.id } }, open);
    const remove_ = h('button', { type: 'button', class: 'tile-delete', 'aria-label': `Delete image ${img.id}`, title: 'Delete', dataset: { id: img.id }, onclick: () => ask(box, remove_, img.id) }, '×');
    box.append(remove_);
    return box;
  }

  /** A delete is for good, and × sits on the image: ask before sending it. Escape, or Keep, takes it back. */
  function ask(box: HTMLElement, trigger: HTMLButtonElement, id: string): void {
    if (box.querySelector('.tile-ask')) return;
    const back = () => {
      bar.remove();
      trigger.hidden = false;
      trigger.focus();
    };
    const yes = h('button', { type: 'button', class: 'tile-confirm', 'aria-label': `Confirm: delete image ${id}`, onclick: () => step(remove(state, id)) }, 'Delete');
    const no = h('button', { type: 'button', class: 'secondary tile-keep', 'aria-label': `Keep image ${id}`, onclick: back }, 'Keep');
    const bar = h('div', { class: 'tile-ask', role: 'group', 'aria-label': 'Delete this image for good?', onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && back() }, h('span', null, 'Delete?'), yes, no);
    trigger.hidden = true;
    box.append(bar);
    yes.focus();
  }

  function apply(changes: readonly Change[]): void {
    for (const c of changes) {
      switch (c.kind) {
        case 'reset': {
          // A tile already shown is kept, not made again: its thumbnail does not load twice, and a
          // "Delete?" open on it survives a fresh answer (after a reconnect, say).
          const kept = new Map(tiles);
          // Moving a node drops its focus: a keyboard user's place (say, on "Delete") is given back.
          const focused = grid.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
          tiles.clear();
          const frag = document.createDocumentFragment();
          for (const img of c.images) {
            const t = kept.get(img.id) ?? tile(img);
            tiles.set(img.id, t);
            frag.appendChild(t);
          }
          grid.replaceChildren(frag);
          if (focused?.isConnected) focused.focus();
          message.textContent = '';
          message.className = 'status';
          break;
        }
        case 'append': {
          const frag = document.createDocumentFragment();
          for (const img of c.images) {
            const t = tile(img);
            tiles.set(img.id, t);
            frag.appendChild(t);
          }
          grid.appendChild(frag);
          break;
        }
        case 'prepend': {
          const t = tile(c.image);
          tiles.set(c.image.id, t);
          grid.prepend(t);
          break;
        }
        case 'remove': {
          const t = tiles.get(c.id);
          tiles.delete(c.id);
          if (t) {
            // Keep keyboard focus in the grid: move it to the neighbour before removing.
            const hadFocus = t.contains(document.activeElement);
            const next = (t.nextElementSibling ?? t.previousElementSibling) as HTMLElement | null;
            t.remove();
            if (hadFocus) next?.querySelector('button')?.focus();
          }
          break;
        }
        case 'error':
          message.textContent = c.message;
          message.className = 'status error';
          break;
      }
    }
    empty.hidden = !(state.images.length === 0 && !state.pending && state.queryId > 0);
    grid.setAttribute('aria-busy', String(state.pending));
    maybeMore();
  }

  /** The observer fires on crossing only; after a short page the sentinel may still be in view. */
  function maybeMore(): void {
    if (!state.hasMore || state.pending) return;
    const r = sentinel.getBoundingClientRect();
    if (r.top < window.innerHeight + 600) step(more(state));
  }

  const socket = new ReconnectingSocket(socketUrl('/ws/gallery'));
  socket.onState = (s) => {
    conn.textContent = STATE_TEXT[s];
    conn.dataset.state = s;
    retry.hidden = s !== 'reconnecting';
  };
  // On every (re)connect the server knows nothing of us: send the current hue as a fresh query.
  socket.onOpen = () => step(query(state, state.hue));
  socket.onMessage = (data) => {
    const msg = parseServerMessage(data);
    if (msg) step(receive(state, msg));
  };
  socket.onState('connecting');
  socket.connect();

  let debounce = 0;
  range.addEventListener('input', () => {
    showHue();
    clearTimeout(debounce);
    debounce = window.setTimeout(() => {
      const hue = Number(range.value);
      sessionStorage.setItem(HUE_KEY, String(hue));
      step(pickHue(state, hue));
    }, 150);
  });
  showHue();

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) step(more(state));
  }, { rootMargin: '0px 0px 600px 0px' });
  observer.observe(sentinel);

  return () => {
    clearTimeout(debounce);
    observer.disconnect();
    socket.close();
  };
}
