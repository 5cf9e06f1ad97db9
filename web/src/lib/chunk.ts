/** Splitting a big selection of files into multipart requests. */

export interface Sized {
  readonly size: number;
}

export interface ChunkLimits {
  /** Most files in one request. */
  readonly maxFiles: number;
  /** Most bytes of file content in one request; a single bigger file still goes, alone. */
  readonly maxBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxFiles: 10, maxBytes: 8 * 1024 * 1024 };

/**
 * Groups files, in their order, into requests of at most `maxFiles` files and `maxBytes` bytes.
 * A file bigger than `maxBytes` travels alone (the server answers 413 for it if it is too big,
 * and the other files are not dragged down with it). Returns the indices of each group.
 */
export function chunkFiles(files: readonly Sized[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): number[][] {
  const maxFiles = Math.max(1, Math.floor(limits.maxFiles));
  const maxBytes = Math.max(1, limits.maxBytes);
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  files.forEach((file, index) => {
    const size = Math.max(0, file.size);
    if (current.length > 0 && (current.length >= maxFiles || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}
