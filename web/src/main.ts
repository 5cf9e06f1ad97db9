/**
 * The shell: header, navigation, who is signed in, and a tiny History API router for /, /images,
 * /images/{id}, /gallery, /jobs and /webhooks. Until the service knows who is asking, it shows the sign-in page.
 */
import './style.css';
import { api, SIGNED_OUT_EVENT } from './api';
import { h } from './dom';
import type { ApiError } from './lib/problem';
import { describeSession, type Session, takeKeyFromUrl } from './lib/session';
import { collectionPage } from './pages/collection';
import { convertPage } from './pages/convert';
import { galleryPage } from './pages/gallery';
import { imagePage } from './pages/image';
import { jobsPage } from './pages/jobs';
import { signInPage } from './pages/signin';
import { webhooksPage } from './pages/webhooks';

type Page = (container: HTMLElement) => () => void;

interface Route {
  readonly title: string;
  /** The navigation entry this route belongs under. */
  readonly nav: string;
  readonly page: Page;
}

const NAV: Record<string, string> = { '/': 'Convert', '/images': 'Collection', '/gallery': 'Gallery', '/jobs': 'Jobs', '/webhooks': 'Webhooks' };

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
    case '/webhooks':
      return { title: 'Webhooks', nav: p, page: webhooksPage };
    default:
      return { title: 'Convert', nav: '/', page: convertPage };
  }
}

const links = Object.entries(NAV).map(([path, title]) => h('a', { href: path, 'data-link': '' }, title));
const nav = h('nav', { 'aria-label': 'Main', hidden: true }, ...links);
const main = h('main', { id: 'main', tabIndex: -1 });
const who = h('span', { class: 'who-name' });
const signOut = h('button', { type: 'button', class: 'link-button', onclick: () => void leave() }, 'Sign out');
const account = h('div', { class: 'who', hidden: true }, who, signOut);

document.body.append(
  h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
  h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: '/', 'data-link': '' }, h('span', { class: 'lamp', 'aria-hidden': 'true' }), 'Darkroom'),
    nav,
    account,
  ),
  main,
);

let dispose: (() => void) | null = null;
let session: Session | null = null;

function render(focus: boolean): void {
  if (!session) return;
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

function signedIn(s: Session): void {
  session = s;
  nav.hidden = false;
  account.hidden = s.anonymous;
  who.textContent = describeSession(s);
  render(false);
}

function showSignIn(reason?: string): void {
  session = null;
  dispose?.();
  nav.hidden = true;
  account.hidden = true;
  main.replaceChildren();
  document.title = 'Sign in · Darkroom';
  dispose = signInPage(main, signedIn, reason);
}

async function leave(): Promise<void> {
  await api.signOut().catch(() => {});
  showSignIn('Signed out.');
}

// Any 401 means the session has ended (expired, signed out elsewhere, key revoked).
window.addEventListener(SIGNED_OUT_EVENT, () => {
  if (session && !session.anonymous) showSignIn('Your session has ended; sign in again.');
});

async function boot(): Promise<void> {
  const { key, cleaned } = takeKeyFromUrl(location.href);
  let reason: string | undefined;
  if (key !== null) {
    history.replaceState(null, '', cleaned);
    try {
      signedIn(await api.signIn(key));
      return;
    } catch (err) {
      reason = (err as ApiError).status === 401 ? 'The key in that link is not known, or has been revoked.' : (err as ApiError).message;
    }
  }
  try {
    signedIn(await api.session());
  } catch (err) {
    const e = err as ApiError;
    showSignIn(reason ?? (e.status === 401 ? undefined : `Could not reach the service: ${e.message}`));
  }
}

void boot();
