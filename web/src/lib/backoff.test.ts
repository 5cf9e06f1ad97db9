import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff';

const opts = { baseMs: 100, capMs: 1000, factor: 2 };

describe('backoffDelay', () => {
  it('grows exponentially between half and all of base * factor^n', () => {
    expect(backoffDelay(0, opts, () => 0)).toBe(50);
    expect(backoffDelay(0, opts, () => 1)).toBe(100);
    expect(backoffDelay(1, opts, () => 0)).toBe(100);
    expect(backoffDelay(3, opts, () => 1)).toBe(800);
  });

  it('is capped, also for huge attempt counts', () => {
    expect(backoffDelay(4, opts, () => 1)).toBe(1000);
    expect(backoffDelay(10_000, opts, () => 1)).toBe(1000);
    expect(backoffDelay(10_000, opts, () => 0)).toBe(500);
  });

  it('jitters within the band', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, opts, rnd);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('clamps a bad random source and negative attempts', () => {
    expect(backoffDelay(-3, opts, () => 5)).toBe(100);
    expect(backoffDelay(0, opts, () => -1)).toBe(50);
  });
});

describe('Backoff', () => {
  it('counts attempts and resets', () => {
    const b = new Backoff(opts, () => 1);
    expect([b.next(), b.next(), b.next()]).toEqual([100, 200, 400]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.next()).toBe(100);
  });
});
