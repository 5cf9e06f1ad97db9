import { describe, expect, it } from 'vitest';
import { chunkFiles } from './chunk';

const files = (...sizes: number[]) => sizes.map((size) => ({ size }));

describe('chunkFiles', () => {
  it('keeps order and splits by count', () => {
    expect(chunkFiles(files(1, 1, 1, 1, 1), { maxFiles: 2, maxBytes: 100 })).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('splits by bytes before the limit is passed', () => {
    expect(chunkFiles(files(40, 40, 40, 10), { maxFiles: 10, maxBytes: 100 })).toEqual([[0, 1], [2, 3]]);
  });

  it('allows a chunk to reach the byte limit exactly', () => {
    expect(chunkFiles(files(50, 50, 1), { maxFiles: 10, maxBytes: 100 })).toEqual([[0, 1], [2]]);
  });

  it('sends a file bigger than the limit alone', () => {
    expect(chunkFiles(files(10, 500, 10), { maxFiles: 10, maxBytes: 100 })).toEqual([[0], [1], [2]]);
  });

  it('handles no files and empty files', () => {
    expect(chunkFiles([], { maxFiles: 3, maxBytes: 10 })).toEqual([]);
    expect(chunkFiles(files(0, 0, 0, 0), { maxFiles: 3, maxBytes: 10 })).toEqual([[0, 1, 2], [3]]);
  });

  it('covers 500 files exactly once within both limits', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ size: 1000 + ((i * 7919) % 300_000) }));
    const limits = { maxFiles: 10, maxBytes: 1_000_000 };
    const chunks = chunkFiles(many, limits);
    expect(chunks.flat()).toEqual(many.map((_, i) => i));
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(10);
      const bytes = c.reduce((a, i) => a + many[i].size, 0);
      if (c.length > 1) expect(bytes).toBeLessThanOrEqual(1_000_000);
    }
  });

  it('treats a silly limit as one file per request', () => {
    expect(chunkFiles(files(1, 1), { maxFiles: 0, maxBytes: 10 })).toEqual([[0], [1]]);
  });
});
