import { describe, expect, it } from 'vitest';
import { parseProblem } from './problem';
import { attemptLine, canResend, eventTypesOf, fieldProblems, groupEventTypes, mergeDeliveries, type WebhookDelivery } from './webhooks';

describe('event types from the OpenAPI document', () => {
  it("reads the event's type enum, in the server's order", () => {
    const doc = { components: { schemas: { WebhookEvent: { properties: { type: { type: 'string', enum: ['job.succeeded', 'job.failed', 'photo.completed'] } } } } } };
    expect(eventTypesOf(doc)).toEqual(['job.succeeded', 'job.failed', 'photo.completed']);
  });

  it('is empty, not a guess, when the document does not say', () => {
    expect(eventTypesOf(null)).toEqual([]);
    expect(eventTypesOf({ components: { schemas: {} } })).toEqual([]);
    expect(eventTypesOf({ components: { schemas: { WebhookEvent: { properties: { type: { type: 'string' } } } } } })).toEqual([]);
  });

  it('drops what is not a name, and repeats', () => {
    const doc = { components: { schemas: { WebhookEvent: { properties: { type: { enum: ['job.failed', 3, '', 'job.failed'] } } } } } };
    expect(eventTypesOf(doc)).toEqual(['job.failed']);
  });

  it('groups them by subject, keeping the order', () => {
    expect(groupEventTypes(['job.succeeded', 'batch.failed', 'job.failed', 'photo.completed'])).toEqual([
      { subject: 'job', types: ['job.succeeded', 'job.failed'] },
      { subject: 'batch', types: ['batch.failed'] },
      { subject: 'photo', types: ['photo.completed'] },
    ]);
  });
});

describe('problems by form field', () => {
  const problem = (errors: { pointer: string; detail: string }[]) =>
    parseProblem(400, JSON.stringify({ title: 'Invalid parameters', status: 400, detail: 'bad', errors }), 'application/problem+json');

  it('puts /url at the URL field and every /events problem at the events', () => {
    const p = problem([
      { pointer: '/url', detail: 'must be http or https' },
      { pointer: '/events/0', detail: "'job.done' is not an event type" },
      { pointer: '/events/2', detail: "'x' is not an event type" },
    ]);
    expect(fieldProblems(p, 'fallback')).toEqual({ url: 'URL: must be http or https', events: "Events: 'job.done' is not an event type; 'x' is not an event type" });
  });

  it('puts a missing list of events at the events', () => {
    expect(fieldProblems(problem([{ pointer: '/events', detail: 'is required' }]), 'fallback')).toEqual({ events: 'Events: is required' });
  });

  it('keeps a pointer it cannot place, and a problem without fields, for the form', () => {
    expect(fieldProblems(problem([{ pointer: '/other', detail: 'odd' }]), 'fallback')).toEqual({ form: 'other: odd' });
    expect(fieldProblems(parseProblem(503, '', null), 'The service is busy')).toEqual({ form: 'The service is busy' });
  });
});

const delivery = (id: string, createdAt: string, status: WebhookDelivery['status'] = 'delivered'): WebhookDelivery => ({
  id,
  eventId: 'e',
  eventType: 'job.succeeded',
  subjectId: 's',
  url: 'https://example.com/hook',
  callback: false,
  status,
  attempts: 1,
  lastError: null,
  resendOf: null,
  createdAt,
  finishedAt: null,
  attemptLog: [],
});

describe('deliveries', () => {
  it('offers a resend only once a delivery has ended', () => {
    expect(canResend({ status: 'delivered' })).toBe(true);
    expect(canResend({ status: 'failed' })).toBe(true);
    expect(canResend({ status: 'pending' })).toBe(false);
  });

  it("puts a resend's new delivery first", () => {
    const shown = [delivery('b', '2026-01-01T10:00:00Z'), delivery('a', '2026-01-01T09:00:00Z', 'failed')];
    const merged = mergeDeliveries(shown, [delivery('c', '2026-01-01T11:00:00Z', 'pending')]);
    expect(merged.map((d) => d.id)).toEqual(['c', 'b', 'a']);
  });

  it('replaces a delivery already shown instead of listing it twice', () => {
    const shown = [delivery('c', '2026-01-01T11:00:00Z', 'pending'), delivery('b', '2026-01-01T10:00:00Z')];
    const merged = mergeDeliveries(shown, [delivery('c', '2026-01-01T11:00:00Z', 'delivered')]);
    expect(merged.map((d) => [d.id, d.status])).toEqual([['c', 'delivered'], ['b', 'delivered']]);
  });

  it('orders deliveries made in the same instant by id, descending, as the server does', () => {
    const merged = mergeDeliveries([delivery('1', '2026-01-01T10:00:00Z')], [delivery('2', '2026-01-01T10:00:00Z')]);
    expect(merged.map((d) => d.id)).toEqual(['2', '1']);
  });
});

describe('attempts', () => {
  it('says what came back: the status code, or the error when nothing did', () => {
    expect(attemptLine({ number: 1, startedAt: '2026-12-02T05:00:00Z', durationMs: 12, responseCode: 200, error: null, outcome: 'delivered' }))
      .toBe('#1 · 12 ms · HTTP 200 · delivered');
    expect(attemptLine({ number: 2, startedAt: '2026-12-02T05:00:30Z', durationMs: 10003, responseCode: null, error: 'no answer within 10 s', outcome: 'retrying' }))
      .toBe('#2 · 10003 ms · no answer within 10 s · retrying');
  });
});
