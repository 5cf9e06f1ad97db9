/**
 * Webhooks: an owner's endpoints and the deliveries made to them (GET /api/webhooks,
 * GET /api/webhooks/deliveries). The event types come from the service's OpenAPI document, where
 * the event a receiver gets declares its `type` as an enum made from the server's own list; so the
 * form offers exactly what POST /api/webhooks accepts, and a type added there appears here.
 */
import { pointerName, type Problem } from './problem';

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly createdAt: string;
  /** Only in the answer that made the endpoint. */
  readonly secret?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  readonly number: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly outcome: string;
}

/**
 * One attempt as a line of the deliveries table: its number, how long it took, what came back
 * (the receiver's status code, or the error when nothing did) and what it led to.
 */
export function attemptLine(a: WebhookAttempt): string {
  const answer = a.responseCode !== null ? `HTTP ${a.responseCode}` : (a.error ?? 'no answer');
  return `#${a.number} · ${a.durationMs} ms · ${answer} · ${a.outcome}`;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  readonly url: string;
  /** Sent to a request's callback rather than a registered endpoint. */
  readonly callback: boolean;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly resendOf: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly attemptLog: readonly WebhookAttempt[];
}

/** The schema, in the OpenAPI document, of what Darkroom POSTs to an endpoint. */
const EVENT_SCHEMA = 'WebhookEvent';

/**
 * The event types an endpoint may ask for, in the server's order: the enum of the event's `type`
 * in the OpenAPI document. Empty when the document does not say (the form then says so rather
 * than guess).
 */
export function eventTypesOf(document: unknown): string[] {
  const type = dig(document, 'components', 'schemas', EVENT_SCHEMA, 'properties', 'type', 'enum');
  return Array.isArray(type) ? [...new Set(type.filter((t): t is string => typeof t === 'string' && t.length > 0))] : [];
}

function dig(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Event types by what they are about ("job", "batch", "photo"), for one row of checkboxes each. */
export function groupEventTypes(types: readonly string[]): { subject: string; types: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    const subject = t.includes('.') ? t.slice(0, t.indexOf('.')) : t;
    groups.set(subject, [...(groups.get(subject) ?? []), t]);
  }
  return [...groups].map(([subject, list]) => ({ subject, types: list }));
}

export type WebhookField = 'url' | 'events';

/** The form's labels for its fields. */
export const FIELD_LABELS: Record<WebhookField, string> = { url: 'URL', events: 'Events' };

/**
 * A failed POST /api/webhooks, sorted to the form fields it names: `/url` to the URL field,
 * `/events` and `/events/{i}` to the event checkboxes (each event's message names the type), and
 * anything else, or a problem naming no field, to `form`. The server words a field's problem to
 * follow the field's name ("is required: …"), so each message starts with the field's label, as
 * the other forms' do ("Rank: must be between 0 and 8").
 */
export function fieldProblems(problem: Problem, fallback: string): Partial<Record<WebhookField | 'form', string>> {
  if (!problem.errors?.length) return { form: fallback };
  const out: Partial<Record<WebhookField | 'form', string[]>> = {};
  for (const e of problem.errors) {
    const field: WebhookField | 'form' = e.pointer === '/url' ? 'url' : /^\/events(\/\d+)?$/.test(e.pointer) ? 'events' : 'form';
    (out[field] ??= []).push(field === 'form' ? `${pointerName(e.pointer)}: ${e.detail}` : e.detail);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, k === 'form' ? v.join('; ') : `${FIELD_LABELS[k as WebhookField]}: ${v.join('; ')}`]));
}

/** A delivery that ended (delivered, or failed for good) may be sent again; a pending one is still being tried. */
export function canResend(d: Pick<WebhookDelivery, 'status'>): boolean {
  return d.status === 'delivered' || d.status === 'failed';
}

/**
 * The shown deliveries with `added` (a resend's new delivery, or a fresher copy of one shown)
 * put in: one row per id, newest first as the server lists them.
 */
export function mergeDeliveries(shown: readonly WebhookDelivery[], added: readonly WebhookDelivery[]): WebhookDelivery[] {
  const byId = new Map(shown.map((d) => [d.id, d]));
  for (const d of added) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
