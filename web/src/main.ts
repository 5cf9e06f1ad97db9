/** The shell: header, navigation and a tiny History API router for /, /images, /images/{id}, /gallery and /jobs. */
import './style.css';
import { h } from './dom';
import { collectionPage } from './pages/collection';
import { convertPage } from './pages/convert';
import { galleryPage } from './pages/gallery';
import { imagePage } from './pages/image';
import { jobsPage } from './pages/jobs';

type Page = (container: HTMLElement) => () => void;

interface Route {
  readonly title: string;
  /** The navigation entry this route belongs under. */
  readonly nav: string;
  readonly page: Page;
}

const NAV: Record<string, string> = { '/': 'Convert', '/images': 'Collection', '/gallery': 'Gallery', '/jobs': 'Jobs' };

/** The route for a path; unknown paths show the home page. */
function route(path: string): Route {
  const p = path.replace(/\/+$/, '') || '/';
  const image = /^\/images\/([^/]+)$/.exec(p);
  if (image) {
    const id = decodeURIComponent(image[1]);
    return { title: 'Image', nav: '/images', page: (c) => imagePage(c, id) };
  }
  switch (p) {
    case '/images':
      return { title: 'Collection', nav: p, page: collectionPage };
    case '/gallery':
      return { title: 'Gallery', nav: p, page: galleryPage };
    case '/jobs':
      return { title: 'Jobs', nav: p, page: jobsPage };
    default:
      return { title: 'Convert', nav: '/', page: convertPage };
  }
}

const links = Object.entries(NAV).map(([path, title]) => h('a', { href: path, 'data-link': '' }, title));
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

function render(focus: boolean): void {
  const current = route(location.pathname);
  dispose?.();
  main.replaceChildren();
  document.title = `${current.title} · Darkroom`;
  dispose = current.page(main);
  for (const a of links) {
    if (a.getAttribute('href') === current.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (focus) main.focus({ preventScroll: true });
}

function navigate(path: string): void {
  if (path === location.pathname) return;
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
