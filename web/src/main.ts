/** The shell: header, navigation and a tiny History API router for /, /gallery and /jobs. */
import './style.css';
import { h } from './dom';
import { convertPage } from './pages/convert';
import { galleryPage } from './pages/gallery';
import { jobsPage } from './pages/jobs';

type Page = (container: HTMLElement) => () => void;

const ROUTES: Record<string, { title: string; page: Page }> = {
  '/': { title: 'Convert', page: convertPage },
  '/gallery': { title: 'Gallery', page: galleryPage },
  '/jobs': { title: 'Jobs', page: jobsPage },
};

const links = Object.entries(ROUTES).map(([path, r]) => h('a', { href: path, 'data-link': '' }, r.title));
const main = h('main', { id: 'main', tabIndex: -1 });

document.body.append(
  h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
  h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: '/', 'data-link': '' }, h('span', { class: 'lamp', 'aria-hidden': 'true' }), 'Darkroom'),
    h('nav', { 'aria-label': 'Main' }, ...links),
  ),
  main,
);

let dispose: (() => void) | null = null;

function normalize(path: string): string {
  const p = path.replace(/\/+$/, '') || '/';
  return p in ROUTES ? p : '/';
}

function render(focus: boolean): void {
  const path = normalize(location.pathname);
  const route = ROUTES[path];
  dispose?.();
  main.replaceChildren();
  dispose = route.page(main);
  document.title = `${route.title} · Darkroom`;
  for (const a of links) {
    if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (focus) main.focus({ preventScroll: true });
}

function navigate(path: string): void {
  if (normalize(path) === normalize(location.pathname)) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  render(true);
}

document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a[data-link]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
});

window.addEventListener('popstate', () => render(true));
render(false);
