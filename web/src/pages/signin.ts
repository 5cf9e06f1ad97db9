/**
 * Sign-in: the service asks for an API key (unless it runs in anonymous mode). The key is traded
 * for an HttpOnly session cookie; the page never stores it.
 */
import { api } from '../api';
import { h, nextId } from '../dom';
import type { ApiError } from '../lib/problem';
import type { Session } from '../lib/session';

export function signInPage(container: HTMLElement, onSignedIn: (s: Session) => void, reason?: string): () => void {
  const id = nextId('key');
  const input = h('input', { id, type: 'password', name: 'key', autocomplete: 'off', spellcheck: false, required: true, placeholder: 'drk_…' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const message = h('p', { class: reason ? 'status error' : 'status', role: 'status', 'aria-live': 'polite' }, reason ?? '');

  const form = h(
    'form',
    {
      class: 'signin',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const key = input.value.trim();
        if (!key) return;
        button.disabled = true;
        message.className = 'status';
        message.textContent = 'Signing in…';
        try {
          const session = await api.signIn(key);
          input.value = '';
          onSignedIn(session);
        } catch (err) {
          const e2 = err as ApiError;
          message.className = 'status error';
          message.textContent = e2.status === 401 ? 'This key is not known, or has been revoked.' : e2.message;
          button.disabled = false;
          input.focus();
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: id }, 'API key'), input),
    button,
  );

  container.append(
    h(
      'section',
      { class: 'card signin-card', 'aria-labelledby': 'signin-h' },
      h('h1', { id: 'signin-h' }, 'Sign in'),
      h('p', { class: 'muted' }, 'Darkroom keeps each owner’s images and jobs to themselves. Sign in with an API key.'),
      form,
      message,
      h(
        'details',
        null,
        h('summary', null, 'Where do I get a key?'),
        h('p', null, 'At its first start the service makes an admin key, prints it in its log with a sign-in link, and writes it to ', h('code', null, '.darkroom/admin-key'), '.'),
        h('p', null, 'An admin makes keys for others with ', h('code', null, 'POST /api/keys'), '; see the README.'),
      ),
    ),
  );
  input.focus();
  return () => {};
}
