import { describe, expect, it } from 'vitest';
import { distributeLoaded, formatBytes, overallProgress, percent } from './progress';

describe('overallProgress', () => {
  it('weights by bytes', () => {
    // a 900-byte file done and a 100-byte file not started: 90 %, not 50 %
    expect(overallProgress([{ total: 900, loaded: 900 }, { total: 100, loaded: 0 }])).toBeCloseTo(0.9);
  });

  it('clamps loaded to the size and ignores negatives', () => {
    expect(overallProgress([{ total: 100, loaded: 250 }, { total: 100, loaded: -5 }])).toBeCloseTo(0.5);
  });

  it('is 0 for nothing and counts empty files', () => {
    expect(overallProgress([])).toBe(0);
    expect(overallProgress([{ total: 0, loaded: 0 }, { total: 0, loaded: 0 }])).toBe(0);
    expect(overallProgress([{ total: 0, loaded: 1 }, { total: 0, loaded: 0 }])).toBe(0.5);
  });
});

describe('distributeLoaded', () => {
  it('fills files in order from the request fraction', () => {
    // body has overhead: 300 bytes of files in a 400-byte body, half sent
    expect(distributeLoaded([100, 100, 100], 200, 400)).toEqual([100, 50, 0]);
  });

  it('is complete at the end and empty at the start', () => {
    expect(distributeLoaded([10, 20], 400, 400)).toEqual([10, 20]);
    expect(distributeLoaded([10, 20], 0, 400)).toEqual([0, 0]);
    expect(distributeLoaded([10, 20], 5, 0)).toEqual([0, 0]);
  });
});

describe('percent', () => {
  it('says 100 only when done', () => {
    expect(percent(0.999)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(0.5)).toBe(50);
    expect(percent(Number.NaN)).toBe(0);
  });
});

describe('formatBytes', () => {
  it('reads well', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
