import { describe, expect, it } from 'vitest';
import { type ImageStatus, StatusPoller } from './poller';

describe('StatusPoller', () => {
  it('polls until each image is finished, a few at a time', async () => {
    const answers: Record<string, ImageStatus[]> = { a: ['processing', 'completed'], b: ['failed'], c: ['pending', 'pending', 'completed'] };
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: [number, string][] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const poller = new StatusPoller(
      async (id) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return answers[id].shift()!;
      },
      (key, status) => {
        seen.push([key, status]);
        if (poller.size === 0) done();
      },
      { concurrency: 2, minIntervalMs: 1, maxIntervalMs: 2 },
    );
    poller.track(0, 'a');
    poller.track(1, 'b');
    poller.track(2, 'c');
    await finished;
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(seen.filter(([, s]) => s === 'completed' || s === 'failed').sort()).toEqual([
      [0, 'completed'],
      [1, 'failed'],
      [2, 'completed'],
    ]);
  });

  it('gives up on a vanished image', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const p = new StatusPoller(
        async () => {
          throw Object.assign(new Error('nf'), { status: 404 });
        },
        (_k, s) => {
          seen.push(s);
          resolve();
        },
        { minIntervalMs: 1 },
      );
      p.track(0, 'x');
    });
    expect(seen).toEqual(['gone']);
  });
});
