import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_IMAGES_PER_REQUEST } from '../api';
import { type ImageStatus, StatusPoller } from './poller';

type Answer = { id: string; status: ImageStatus }[];

/** A fake service: answers each id from `statuses` (the last one repeats), ids not in it are left out. */
function service(statuses: Record<string, ImageStatus[]>, latencyMs = 0) {
  const requests: { at: number; ids: string[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = async (ids: readonly string[]): Promise<Answer> => {
    requests.push({ at: Date.now(), ids: [...ids] });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
    inFlight--;
    return ids.filter((id) => id in statuses).map((id) => ({ id, status: statuses[id].length > 1 ? statuses[id].shift()! : statuses[id][0] }));
  };
  return { fetch, requests, maxInFlight: () => maxInFlight };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `img-${i}`);

describe('StatusPoller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows 250 uploads with 3 requests of at most the service limit, each image asked once', async () => {
    const all = ids(250);
    const s = service(Object.fromEntries(all.map((id) => [id, ['completed']])));
    const seen = new Map<number, string>();
    const poller = new StatusPoller(s.fetch, (key, status) => seen.set(key, status), { maxIds: MAX_IMAGES_PER_REQUEST });
    all.forEach((id, key) => poller.track(key, id));
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.requests).toHaveLength(3);
    for (const r of s.requests) expect(r.ids.length).toBeLessThanOrEqual(100);
    expect(s.requests.flatMap((r) => r.ids).sort()).toEqual([...all].sort());
    expect(seen.size).toBe(250);
    expect([...seen.values()].every((st) => st === 'completed')).toBe(true);
    expect(poller.size).toBe(0);
  });

  it('asks for the longest-waiting images first and keeps to the concurrency', async () => {
    const all = ids(500);
    const s = service(Object.fromEntries(all.map((id) => [id, ['completed']])), 100);
    const poller = new StatusPoller(s.fetch, () => {}, { maxIds: 100, concurrency: 4 });
    all.forEach((id, key) => poller.track(key, id));
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.maxInFlight()).toBe(4);
    expect(s.requests.map((r) => r.ids.length)).toEqual([100, 100, 100, 100, 100]);
    // The first four requests take the first 400 tracked; the last 100 wait for a free request.
    expect(s.requests.slice(0, 4).flatMap((r) => r.ids).sort()).toEqual(all.slice(0, 400).sort());
    expect(s.requests[4].ids.sort()).toEqual(all.slice(400).sort());
    expect(s.requests[4].at).toBeGreaterThan(s.requests[0].at);
  });

  it('lets images uploaded moments apart share a request', async () => {
    const s = service({ a: ['completed'], b: ['completed'] });
    const poller = new StatusPoller(s.fetch, () => {}, { maxIds: 100 });
    poller.track(0, 'a');
    await vi.advanceTimersByTimeAsync(300);
    poller.track(1, 'b');
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.requests.map((r) => r.ids)).toEqual([['a', 'b']]);
  });

  it('polls an image less often the longer it takes, until it finishes', async () => {
    const s = service({ a: ['pending', 'processing', 'processing', 'processing', 'processing', 'processing', 'processing', 'completed'] });
    const seen: string[] = [];
    const poller = new StatusPoller(s.fetch, (_k, status) => seen.push(status), { maxIds: 100 });
    const start = Date.now();
    poller.track(0, 'a');
    await vi.advanceTimersByTimeAsync(60_000);
    const at = s.requests.map((r) => r.at - start);
    expect(at.map((t, i) => t - (at[i - 1] ?? 0))).toEqual([800, 1200, 1800, 2700, 4050, 5000, 5000, 5000]);
    expect(seen).toEqual(['pending', 'processing', 'processing', 'processing', 'processing', 'processing', 'processing', 'completed']);
    expect(poller.size).toBe(0);
  });

  it('reports an image left out of the answer as gone and keeps following the others', async () => {
    const s = service({ a: ['processing', 'completed'] });
    const seen: [number, string][] = [];
    const poller = new StatusPoller(s.fetch, (key, status) => seen.push([key, status]), { maxIds: 100 });
    poller.track(0, 'a');
    poller.track(1, 'deleted');
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([
      [0, 'processing'],
      [1, 'gone'],
      [0, 'completed'],
    ]);
    expect(s.requests.map((r) => r.ids)).toEqual([['a', 'deleted'], ['a']]);
  });

  it('asks again, later, after a failed request, without giving up on its images', async () => {
    const s = service({ a: ['completed'], b: ['completed'] });
    let failures = 1;
    const seen: [number, string][] = [];
    const poller = new StatusPoller(
      async (asked) => {
        if (failures-- > 0) throw Object.assign(new Error('unavailable'), { status: 503 });
        return s.fetch(asked);
      },
      (key, status) => seen.push([key, status]),
      { maxIds: 100 },
    );
    const start = Date.now();
    poller.track(0, 'a');
    poller.track(1, 'b');
    await vi.advanceTimersByTimeAsync(2399);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    // Asked at 800 ms, failed; the interval doubled to 1600 ms.
    expect(s.requests.map((r) => [r.at - start, r.ids])).toEqual([[2400, ['a', 'b']]]);
    expect(seen).toEqual([
      [0, 'completed'],
      [1, 'completed'],
    ]);
  });

  it('asks nothing more once stopped', async () => {
    const s = service({ a: ['processing'] });
    const poller = new StatusPoller(s.fetch, () => {}, { maxIds: 100 });
    poller.track(0, 'a');
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(s.requests).toHaveLength(1);
  });
});
