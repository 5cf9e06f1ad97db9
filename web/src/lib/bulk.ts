/**
 * The bulk uploader's scheduling: files are chunked into multipart requests, a few requests run at
 * once, per-file state is kept in flat arrays and every change is reported by file index so the
 * page can repaint only those rows (batched per animation frame).
 */
import { chunkFiles, type ChunkLimits, DEFAULT_CHUNK_LIMITS } from './chunk';
import { distributeLoaded, overallProgress } from './progress';

export type FileStatus = 'queued' | 'uploading' | 'uploaded' | 'processing' | 'done' | 'failed' | 'cancelled';

export interface UploadedImage {
  /** The file part's position in the request (0-based); every stored and rejected part has one. */
  readonly index?: number;
  readonly id: string;
  readonly filename?: string;
  readonly status?: string;
}

/** A part the server refused while storing the others (too large, not an image…), with why. */
export interface RejectedPart {
  readonly index: number;
  readonly filename?: string | null;
  readonly status?: number;
  readonly detail?: string | null;
}

export interface SendResult {
  readonly images: readonly UploadedImage[];
  readonly rejected?: readonly RejectedPart[];
}

/** Sends one request; rejects with an error carrying `status` (HTTP status, 0 for network). */
export type Sender = (files: readonly File[], onProgress: (loaded: number, total: number) => void, signal: AbortSignal) => Promise<SendResult>;

export interface BulkOptions {
  readonly limits?: ChunkLimits;
  /** Requests in flight at once. */
  readonly concurrency?: number;
}

export interface FileEntry {
  readonly file: File;
  status: FileStatus;
  loaded: number;
  imageId?: string;
  error?: string;
}

export interface Counts {
  readonly total: number;
  readonly queued: number;
  readonly uploading: number;
  readonly uploaded: number;
  readonly processing: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
}

type Listener = (changed: readonly number[]) => void;

export class BulkUpload {
  readonly entries: FileEntry[];
  private readonly queue: number[][];
  private readonly limits: ChunkLimits;
  private readonly concurrency: number;
  private inFlight = 0;
  private cancelled = false;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<Listener>();
  private finishResolve!: () => void;
  /** Resolves when no request is running and none is left to start. */
  readonly finished: Promise<void>;

  constructor(
    files: readonly File[],
    private readonly send: Sender,
    options: BulkOptions = {},
  ) {
    this.entries = files.map((file) => ({ file, status: 'queued', loaded: 0 }));
    this.limits = options.limits ?? DEFAULT_CHUNK_LIMITS;
    this.concurrency = Math.max(1, options.concurrency ?? 3);
    this.queue = chunkFiles(files, this.limits);
    this.finished = new Promise((r) => (this.finishResolve = r));
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): this {
    this.pump();
    return this;
  }

  /** Stops every request not yet started; requests already sending finish. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const changed: number[] = [];
    for (const chunk of this.queue.splice(0)) {
      for (const i of chunk) {
        this.entries[i].status = 'cancelled';
        changed.push(i);
      }
    }
    this.emit(changed);
    this.checkFinished();
  }

  /** Marks the processing state of an uploaded file (from the image's status). */
  setProcessing(index: number, status: 'processing' | 'done' | 'failed', error?: string): void {
    const e = this.entries[index];
    if (!e || e.status === status) return;
    e.status = status;
    if (error) e.error = error;
    this.emit([index]);
  }

  /** Bytes-weighted upload progress of the files that are still meant to go, 0..1. */
  uploadFraction(): number {
    return overallProgress(
      this.entries.filter((e) => e.status !== 'cancelled').map((e) => ({ total: e.file.size, loaded: e.status === 'queued' || e.status === 'uploading' ? e.loaded : e.file.size })),
    );
  }

  counts(): Counts {
    const c = { total: this.entries.length, queued: 0, uploading: 0, uploaded: 0, processing: 0, done: 0, failed: 0, cancelled: 0 };
    for (const e of this.entries) c[e.status]++;
    return c;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  get busy(): boolean {
    return this.inFlight > 0 || this.queue.length > 0;
  }

  private emit(changed: readonly number[]): void {
    if (changed.length === 0) return;
    for (const l of this.listeners) l(changed);
  }

  private pump(): void {
    while (!this.cancelled && this.inFlight < this.concurrency && this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      this.inFlight++;
      void this.run(chunk).finally(() => {
        this.inFlight--;
        this.pump();
        this.checkFinished();
      });
    }
    this.checkFinished();
  }

  private checkFinished(): void {
    if (this.inFlight === 0 && (this.queue.length === 0 || this.cancelled)) this.finishResolve();
  }

  private async run(chunk: number[]): Promise<void> {
    const files = chunk.map((i) => this.entries[i].file);
    for (const i of chunk) this.entries[i].status = 'uploading';
    this.emit(chunk);
    const sizes = files.map((f) => f.size);
    try {
      const result = await this.send(
        files,
        (loaded, total) => {
          const per = distributeLoaded(sizes, loaded, total);
          chunk.forEach((i, k) => (this.entries[i].loaded = per[k]));
          this.emit(chunk);
        },
        this.controller.signal,
      );
      this.assign(chunk, result);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 0;
      // A limit that ended the request (a file too large, too many files) still lists, by index,
      // what was stored before it and what was refused: those are settled, not sent again.
      const problem = (err as { problem?: { images?: unknown; rejected?: unknown } }).problem;
      if (chunk.length > 1 && problem && Array.isArray(problem.images) && Array.isArray(problem.rejected) && !this.cancelled) {
        const settled = new Set<number>([...problem.images, ...problem.rejected].map((p) => (p as { index?: number }).index).filter((i): i is number => typeof i === 'number'));
        this.assign(chunk.filter((_, k) => settled.has(k)), { images: problem.images as UploadedImage[], rejected: problem.rejected as RejectedPart[] }, chunk);
        const unread = chunk.filter((_, k) => !settled.has(k));
        for (const i of unread) {
          this.entries[i].status = 'queued';
          this.entries[i].loaded = 0;
        }
        this.queue.unshift(...unread.map((i) => [i]));
        this.emit(unread);
        return;
      }
      // One bad file (too large, not an image, too many pixels) fails its whole request: try the
      // others alone so they are not lost with it.
      if (chunk.length > 1 && status >= 400 && status < 500 && !this.cancelled) {
        for (const i of chunk) {
          this.entries[i].status = 'queued';
          this.entries[i].loaded = 0;
        }
        this.queue.unshift(...chunk.map((i) => [i]));
        this.emit(chunk);
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      for (const i of chunk) {
        this.entries[i].status = 'failed';
        this.entries[i].error = message;
      }
      this.emit(chunk);
    }
  }

  /**
   * Matches the answer to the files by each part's `index`, which the server gives for every part,
   * stored or rejected (see PROTOCOL.md): a rejected file in the middle of a request cannot shift
   * the others onto the wrong files. An answer without indexes (an older server) is read by position.
   */
  private assign(chunk: number[], result: SendResult, sent: number[] = chunk): void {
    const byIndex = new Map<number, UploadedImage>();
    const rejected = new Map<number, RejectedPart>();
    const indexed = result.images.every((m) => typeof m.index === 'number');
    result.images.forEach((m, k) => byIndex.set(indexed ? m.index! : k, m));
    for (const r of result.rejected ?? []) rejected.set(r.index, r);
    chunk.forEach((i) => {
      const k = sent.indexOf(i);
      const e = this.entries[i];
      const img = byIndex.get(k);
      e.loaded = e.file.size;
      const refused = rejected.get(k);
      if (!img) {
        e.status = 'failed';
        e.error = refused?.detail || (refused ? 'The server refused this file' : 'The server did not return this file');
        return;
      }
      e.imageId = img.id;
      e.status = img.status === 'completed' ? 'done' : img.status === 'failed' ? 'failed' : img.status === 'processing' ? 'processing' : 'uploaded';
      if (e.status === 'failed') e.error = 'Processing failed';
    });
    this.emit(chunk);
  }
}
