/**
 * Webhooks: the owner's endpoints, a form to add one (its signing secret is shown once, right
 * after), Delete once confirmed; and the recent deliveries, with Resend on each that has ended.
 */
import { api } from '../api';
import { h, nextId } from '../dom';
import { ApiError } from '../lib/problem';
import { attemptLine, canResend, FIELD_LABELS, fieldProblems, groupEventTypes, mergeDeliveries, type Webhook, type WebhookDelivery } from '../lib/webhooks';

function time(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** Deliveries asked for at a time. */
const DELIVERIES = 50;
/** While a delivery shown is pending, the list is asked for again this often, to show how it ends. */
const PENDING_REFRESH_MS = 3000;

export function webhooksPage(container: HTMLElement): () => void {
  let disposed = false;
  let deliveries: WebhookDelivery[] = [];
  /** Adding is offered once the event types are known: without them there is nothing to choose. */
  let typesKnown = false;
  let refreshTimer = 0;

  // Endpoints
  const message = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'hook-list', 'aria-label': 'Endpoints' });
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No endpoints yet. Add one below to be told when work ends.');

  // The form
  const urlId = nextId('hook-url');
  const url = h('input', { id: urlId, type: 'url', name: 'url', required: true, placeholder: 'https://example.com/darkroom-events', autocomplete: 'off', 'aria-describedby': `${urlId}-error` });
  const urlError = h('p', { class: 'field-error', id: `${urlId}-error` });
  const events = h('div', { class: 'hook-events' }, h('p', { class: 'muted' }, 'Loading event types…'));
  const eventsError = h('p', { class: 'field-error', id: nextId('hook-events-error') });
  const formError = h('p', { class: 'status error', role: 'alert' });
  const add = h('button', { type: 'submit', disabled: true }, 'Add endpoint');
  const secretBox = h('div', { class: 'secret-box', hidden: true, role: 'region', 'aria-label': 'Signing secret' });
  const form = h(
    'form',
    { class: 'hook-form', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void create()) },
    h('div', { class: 'field' }, h('label', { for: urlId }, FIELD_LABELS.url), url, urlError),
    h('fieldset', { 'aria-describedby': eventsError.id }, h('legend', null, FIELD_LABELS.events), events, eventsError),
    formError,
    h('div', { class: 'actions' }, add),
  );

  // Deliveries
  const deliveriesMessage = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const rows = h('tbody');
  const table = h(
    'table',
    { class: 'deliveries' },
    h('caption', { class: 'visually-hidden' }, 'Recent deliveries, newest first'),
    h('thead', null, h('tr', null, ...['Event', 'Subject', 'Status', 'Attempts', 'Last error', 'Time', ''].map((t) => h('th', { scope: 'col' }, t)))),
    rows,
  );
  const noDeliveries = h('p', { class: 'muted empty', hidden: true }, 'No deliveries yet. One is made when a job, batch or photo ends that an endpoint or a callback asked to hear about.');
  const openAttempts = new Set<string>();
  /** Where the next older page starts (the last page's `next`); null once there are no older deliveries. */
  let next: string | null = null;
  let olderLoaded = false;
  const older = h('button', { type: 'button', class: 'secondary older', hidden: true, onclick: () => void loadOlder() }, 'Older deliveries');

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'hooks-h' },
      h('div', { class: 'title-row' }, h('h1', { id: 'hooks-h' }, 'Webhooks'), h('button', { type: 'button', class: 'secondary', onclick: () => void loadEndpoints() }, 'Refresh')),
      h('p', { class: 'muted' }, 'Darkroom POSTs a signed event to each endpoint when your work ends, for the event types it asked for.'),
      message,
      empty,
      list,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'hook-add-h' }, h('h2', { id: 'hook-add-h' }, 'Add an endpoint'), secretBox, form),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'deliveries-h' },
      h('div', { class: 'title-row' }, h('h2', { id: 'deliveries-h' }, 'Recent deliveries'), h('button', { type: 'button', class: 'secondary', onclick: () => void loadDeliveries() }, 'Refresh')),
      deliveriesMessage,
      noDeliveries,
      h('div', { class: 'table-wrap' }, table),
      older,
    ),
  );

  function say(el: HTMLElement, text: string, error = false): void {
    el.textContent = text;
    el.className = error ? 'status error' : 'status';
  }

  function endpointRow(hook: Webhook): HTMLElement {
    const li = h('li', { class: 'hook', dataset: { id: hook.id } });
    const del = h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete endpoint ${hook.url}`, onclick: () => ask() }, 'Delete');
    const actions = h('div', { class: 'hook-actions' }, del);
    li.append(
      h('div', { class: 'hook-head' }, h('code', { class: 'hook-url' }, hook.url), h('span', { class: 'muted hook-time' }, `added ${time(hook.createdAt)}`)),
      h('ul', { class: 'hook-types', 'aria-label': 'Event types' }, ...hook.events.map((t) => h('li', { class: 'badge' }, t))),
      actions,
    );

    /** Deleting stops the events for good: ask first. Escape, or Keep, takes it back. */
    function ask(): void {
      const no = h('button', { type: 'button', class: 'secondary', onclick: () => back() }, 'Keep');
      const yes = h('button', { type: 'button', 'aria-label': `Confirm: delete endpoint ${hook.url}`, onclick: () => void remove() }, 'Delete');
      const bar = h('div', { class: 'hook-ask', role: 'group', 'aria-label': 'Delete this endpoint?', onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && back() }, h('span', null, 'Stop sending events here?'), yes, no);
      actions.replaceChildren(bar);
      no.focus();
    }
    function back(): void {
      actions.replaceChildren(del);
      del.focus();
    }
    async function remove(): Promise<void> {
      try {
        await api.deleteWebhook(hook.id);
        if (disposed) return;
        li.remove();
        empty.hidden = list.children.length > 0;
        say(message, `Deleted the endpoint ${hook.url}.`);
      } catch (err) {
        back();
        say(message, `Delete failed: ${(err as Error).message}`, true);
      }
    }
    return li;
  }

  async function loadEndpoints(): Promise<void> {
    try {
      const hooks = await api.webhooks();
      if (disposed) return;
      list.replaceChildren(...hooks.map(endpointRow));
      empty.hidden = hooks.length > 0;
      say(message, '');
    } catch (err) {
      say(message, `Could not load endpoints: ${(err as Error).message}`, true);
    }
  }

  function showEventTypes(types: string[]): void {
    if (!types.length) {
      events.replaceChildren(h('p', { class: 'error' }, 'The service did not say which event types there are.'));
      return;
    }
    typesKnown = true;
    add.disabled = false;
    events.replaceChildren(
      ...groupEventTypes(types).map((g) =>
        h(
          'div',
          { class: 'hook-group' },
          ...g.types.map((t) => {
            const id = nextId('hook-event');
            return h('div', { class: 'field field-check' }, h('input', { id, type: 'checkbox', name: 'events', value: t }), h('label', { for: id }, t));
          }),
        ),
      ),
    );
  }

  function showSecret(hook: Webhook): void {
    const secret = h('code', { class: 'secret' }, hook.secret ?? '');
    // The clipboard is there only on a secure origin (https, or localhost); elsewhere Copy selects the secret for Ctrl+C.
    const select = () => getSelection()?.selectAllChildren(secret);
    const copyIt = () => {
      if (!navigator.clipboard) return select();
      navigator.clipboard.writeText(hook.secret ?? '').then(() => (copy.textContent = 'Copied'), select);
    };
    const copy = h('button', { type: 'button', class: 'secondary', onclick: copyIt }, 'Copy');
    secretBox.replaceChildren(
      h('p', null, h('strong', null, 'Shown only now: '), 'copy this secret and keep it with your receiver. It signs every event sent to ', h('code', null, hook.url), ', and Darkroom will not show it again.'),
      h('div', { class: 'secret-row' }, secret, copy),
      h('button', { type: 'button', class: 'link-button', onclick: () => ((secretBox.hidden = true), secretBox.replaceChildren()) }, 'I have kept it'),
    );
    secretBox.hidden = false;
  }

  async function create(): Promise<void> {
    urlError.textContent = '';
    eventsError.textContent = '';
    formError.textContent = '';
    url.removeAttribute('aria-invalid');
    const chosen = [...events.querySelectorAll<HTMLInputElement>('input[name=events]:checked')].map((i) => i.value);
    add.disabled = true;
    try {
      const hook = await api.createWebhook(url.value.trim(), chosen);
      if (disposed) return;
      showSecret(hook);
      form.reset();
      list.append(endpointRow(hook));
      empty.hidden = true;
      say(message, `Added the endpoint ${hook.url}.`);
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : { status: 0 };
      const where = fieldProblems(problem, (err as Error).message);
      urlError.textContent = where.url ?? '';
      eventsError.textContent = where.events ?? '';
      formError.textContent = where.form ?? '';
      if (where.url) url.setAttribute('aria-invalid', 'true');
      (where.url ? url : where.events ? events.querySelector('input') : null)?.focus();
    } finally {
      add.disabled = !typesKnown;
    }
  }

  function deliveryRow(d: WebhookDelivery): HTMLElement {
    const resend = canResend(d)
      ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Resend ${d.eventType} for ${d.subjectId}`, onclick: (e: Event) => void resendOne(d, e.currentTarget as HTMLButtonElement) }, 'Resend')
      : '';
    return h(
      'tr',
      { dataset: { id: d.id, status: d.status, subject: d.subjectId } },
      h('td', null, d.eventType, d.callback ? h('span', { class: 'muted' }, ' (callback)') : '', d.resendOf ? h('span', { class: 'muted' }, ' (resent)') : ''),
      h('td', null, h('code', { title: d.subjectId }, d.subjectId.slice(0, 8))),
      h('td', null, h('span', { class: 'badge' }, d.status)),
      h('td', { class: 'num' }, attemptsCell(d)),
      h('td', { class: 'delivery-error' }, d.lastError ?? ''),
      h('td', { class: 'muted' }, time(d.createdAt)),
      h('td', null, resend),
    );
  }

  /**
   * The count, opening onto each attempt's line, so a failing receiver's answers can be read here.
   * What is open stays open when the table is redrawn (every few seconds while one is pending).
   */
  function attemptsCell(d: WebhookDelivery): HTMLElement | number {
    if (d.attemptLog.length === 0) return d.attempts;
    return h(
      'details',
      {
        class: 'attempts',
        open: openAttempts.has(d.id),
        ontoggle: (e: Event) => ((e.currentTarget as HTMLDetailsElement).open ? openAttempts.add(d.id) : openAttempts.delete(d.id)),
      },
      h('summary', { 'aria-label': `${d.attempts} attempts: show each` }, String(d.attempts)),
      h('ol', null, ...d.attemptLog.map((a) => h('li', { title: time(a.startedAt) }, attemptLine(a)))),
    );
  }

  function showDeliveries(): void {
    rows.replaceChildren(...deliveries.map(deliveryRow));
    noDeliveries.hidden = deliveries.length > 0;
    table.hidden = deliveries.length === 0;
    clearTimeout(refreshTimer);
    if (!disposed && deliveries.some((d) => d.status === 'pending')) refreshTimer = window.setTimeout(() => void loadDeliveries(), PENDING_REFRESH_MS);
  }

  async function loadDeliveries(): Promise<void> {
    try {
      const page = await api.webhookDeliveries(DELIVERIES);
      if (disposed) return;
      // Once older pages are shown, a refresh only brings the newest up to date: the cursor stays.
      if (olderLoaded) {
        deliveries = mergeDeliveries(deliveries, page.deliveries);
      } else {
        deliveries = page.deliveries;
        next = page.next;
      }
      older.hidden = next === null;
      showDeliveries();
      say(deliveriesMessage, '');
    } catch (err) {
      say(deliveriesMessage, `Could not load deliveries: ${(err as Error).message}`, true);
    }
  }

  async function loadOlder(): Promise<void> {
    if (next === null) return;
    older.disabled = true;
    try {
      const page = await api.webhookDeliveries(DELIVERIES, next);
      if (disposed) return;
      olderLoaded = true;
      deliveries = mergeDeliveries(deliveries, page.deliveries);
      next = page.next;
      older.hidden = next === null;
      showDeliveries();
    } catch (err) {
      say(deliveriesMessage, `Could not load older deliveries: ${(err as Error).message}`, true);
    } finally {
      older.disabled = false;
    }
  }

  async function resendOne(d: WebhookDelivery, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const created = await api.resendDelivery(d.id);
      if (disposed) return;
      deliveries = mergeDeliveries(deliveries, [created]);
      showDeliveries();
      say(deliveriesMessage, `Resent ${d.eventType}: a new delivery is on its way.`);
    } catch (err) {
      button.disabled = false;
      say(deliveriesMessage, `Resend failed: ${(err as Error).message}`, true);
    }
  }

  void loadEndpoints();
  void loadDeliveries();
  void api
    .webhookEventTypes()
    .then((types) => !disposed && showEventTypes(types))
    .catch((err: Error) => {
      events.replaceChildren(h('p', { class: 'error' }, `Could not load the event types: ${err.message}`));
    });

  return () => {
    disposed = true;
    clearTimeout(refreshTimer);
  };
}
