/** Progress arithmetic for uploads: bytes-weighted, so one big file counts more than ten tiny ones. */

export interface ProgressItem {
  /** Size in bytes. */
  readonly total: number;
  /** Bytes done, clamped to [0, total]. */
  readonly loaded: number;
}

/** Overall fraction done in [0, 1], weighted by bytes. Empty files count as one byte each. */
export function overallProgress(items: Iterable<ProgressItem>): number {
  let total = 0;
  let loaded = 0;
  for (const item of items) {
    const t = Math.max(1, item.total);
    total += t;
    loaded += item.total <= 0 ? (item.loaded > 0 ? 1 : 0) : clamp(item.loaded, 0, t);
  }
  return total === 0 ? 0 : loaded / total;
}

/**
 * A multipart request reports progress for its whole body (files plus boundaries and headers).
 * This spreads that fraction over the files in the order they are sent: the first files fill
 * up first. Returns bytes loaded per file.
 */
export function distributeLoaded(sizes: readonly number[], loaded: number, bodyTotal: number): number[] {
  const sum = sizes.reduce((a, b) => a + Math.max(0, b), 0);
  const fraction = bodyTotal > 0 ? clamp(loaded / bodyTotal, 0, 1) : 0;
  let remaining = fraction * sum;
  return sizes.map((size) => {
    const s = Math.max(0, size);
    const part = Math.min(s, remaining);
    remaining -= part;
    return part;
  });
}

/** Percentage for a `<progress max=100>`, whole numbers, 100 only when really done. */
export function percent(fraction: number): number {
  const p = clamp(fraction, 0, 1) * 100;
  return fraction >= 1 ? 100 : Math.min(99, Math.floor(p));
}

export function clamp(v: number, lo: number, hi: number): number {
  return Number.isNaN(v) ? lo : Math.min(hi, Math.max(lo, v));
}

/** "1.2 MB" style sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
