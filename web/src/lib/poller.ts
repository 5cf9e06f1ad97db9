/**
 * Follows many uploaded images to the end of their automatic processing by asking for many of them
 * in one request (GET /api/images?ids=): a few requests at a time, the image waiting longest first,
 * each image polled less often the longer it takes. One request per image would cost the service
 * as many requests as there are files.
 */

export type ImageStatus = 'pending' | 'processing' | 'completed' | 'failed';

/**
 * Answers the images asked for that still exist, with their status; an image left out of the
 * answer is gone (deleted, or never the caller's). Rejects with an error on a failed request.
 */
export type StatusFetcher = (ids: readonly string[]) => Promise<readonly { readonly id: string; readonly status: ImageStatus }[]>;

export interface PollerOptions {
  /** At most this many ids in one request: the service's limit. */
  readonly maxIds: number;
  /** Requests in flight at once. */
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
  private readonly maxIds: number;
  private readonly concurrency: number;
  private readonly minInterval: number;
  private readonly maxInterval: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly fetchStatuses: StatusFetcher,
    private readonly onStatus: (key: number, status: ImageStatus | 'gone') => void,
    options: PollerOptions,
  ) {
    this.maxIds = Math.max(1, options.maxIds);
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
    // One worker per full request's worth of images, up to the concurrency: fewer images share one.
    while (this.workers < this.concurrency && this.workers * this.maxIds < this.items.size) {
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

  /**
   * The images of the next request, longest due first, once the first of them is due. A request
   * with room also takes images due within half their interval: uploads finish a request of files
   * at a time, and without this each such group would keep a request of its own every round.
   */
  private nextRound(now: number): Tracked[] | number {
    const waiting = [...this.items.values()].filter((t) => Number.isFinite(t.due)).sort((a, b) => a.due - b.due);
    // Every image is being fetched by another worker: look again shortly.
    if (waiting.length === 0) return this.minInterval;
    if (waiting[0].due > now) return waiting[0].due - now;
    const round: Tracked[] = [];
    for (const t of waiting) {
      if (round.length === this.maxIds) break;
      if (t.due - now <= t.interval / 2) round.push(t);
    }
    return round;
  }

  private async work(): Promise<void> {
    while (!this.stopped && this.items.size > 0) {
      const round = this.nextRound(this.now());
      if (typeof round === 'number') {
        await Promise.race([this.sleep(round), new Promise<void>((r) => this.wakers.add(r))]);
        continue;
      }
      // Claim them so the other workers pick other images.
      for (const t of round) t.due = Number.POSITIVE_INFINITY;
      let answer: Map<string, ImageStatus> | null = null;
      try {
        answer = new Map((await this.fetchStatuses(round.map((t) => t.id))).map((i) => [i.id, i.status]));
      } catch {
        // The request failed, not the images: each of them waits longer before it is asked again.
      }
      for (const t of round) {
        if (!this.items.has(t.key)) continue;
        if (!answer) {
          t.errors++;
          t.interval = Math.min(this.maxInterval, t.interval * 2);
        } else {
          const status = answer.get(t.id) ?? 'gone';
          if (status === 'completed' || status === 'failed' || status === 'gone') {
            this.items.delete(t.key);
            this.onStatus(t.key, status);
            continue;
          }
          this.onStatus(t.key, status);
          t.interval = Math.min(this.maxInterval, Math.round(t.interval * 1.5));
          t.errors = 0;
        }
        t.due = this.now() + t.interval;
      }
    }
  }
}
