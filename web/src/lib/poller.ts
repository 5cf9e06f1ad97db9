/**
 * Follows many uploaded images to the end of their automatic processing by polling
 * GET /api/images/{id}: a few requests at a time, the image polled longest ago first, each image
 * polled less often the longer it takes.
 */

export type ImageStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface PollerOptions {
  readonly concurrency?: number;
  readonly minIntervalMs?: number;
  readonly maxIntervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Tracked {
  readonly key: number;
  readonly id: string;
  due: number;
  interval: number;
  errors: number;
}

export class StatusPoller {
  private readonly items = new Map<number, Tracked>();
  private workers = 0;
  private stopped = false;
  private readonly concurrency: number;
  private readonly minInterval: number;
  private readonly maxInterval: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly fetchStatus: (id: string) => Promise<ImageStatus>,
    private readonly onStatus: (key: number, status: ImageStatus | 'gone') => void,
    options: PollerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.minInterval = options.minIntervalMs ?? 800;
    this.maxInterval = options.maxIntervalMs ?? 5000;
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Starts following an image; `key` comes back in `onStatus`. */
  track(key: number, id: string): void {
    if (this.stopped || this.items.has(key)) return;
    this.items.set(key, { key, id, due: this.now() + this.minInterval, interval: this.minInterval, errors: 0 });
    while (this.workers < this.concurrency && this.workers < this.items.size) {
      this.workers++;
      void this.work().finally(() => this.workers--);
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const w of [...this.wakers]) w();
    this.wakers.clear();
  }

  get size(): number {
    return this.items.size;
  }

  stop(): void {
    this.stopped = true;
    this.items.clear();
    this.wakeAll();
  }

  private next(): Tracked | null {
    let best: Tracked | null = null;
    for (const t of this.items.values()) if (!best || t.due < best.due) best = t;
    return best;
  }

  private async work(): Promise<void> {
    while (!this.stopped && this.items.size > 0) {
      const t = this.next()!;
      // Every image is being fetched by another worker: look again shortly.
      const wait = Number.isFinite(t.due) ? t.due - this.now() : this.minInterval;
      if (wait > 0) {
        await Promise.race([this.sleep(wait), new Promise<void>((r) => this.wakers.add(r))]);
        continue;
      }
      // Claim it so the other workers pick another image.
      t.due = Number.POSITIVE_INFINITY;
      try {
        const status = await this.fetchStatus(t.id);
        if (status === 'completed' || status === 'failed') {
          this.items.delete(t.key);
          this.onStatus(t.key, status);
          continue;
        }
        this.onStatus(t.key, status);
        t.interval = Math.min(this.maxInterval, Math.round(t.interval * 1.5));
        t.errors = 0;
      } catch (err) {
        if ((err as { status?: number }).status === 404) {
          this.items.delete(t.key);
          this.onStatus(t.key, 'gone');
          continue;
        }
        t.errors++;
        t.interval = Math.min(this.maxInterval, t.interval * 2);
      }
      if (this.items.has(t.key)) t.due = this.now() + t.interval;
    }
  }
}
