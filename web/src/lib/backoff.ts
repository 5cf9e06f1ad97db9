/** Reconnect delays: exponential, capped, with jitter so many tabs do not reconnect in step. */

export interface BackoffOptions {
  /** Delay scale of the first retry, in ms. */
  readonly baseMs: number;
  /** Largest delay, in ms. */
  readonly capMs: number;
  /** Growth per attempt; 2 doubles. */
  readonly factor?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000, factor: 2 };

/**
 * Delay before retry number `attempt` (0 for the first retry), "equal jitter":
 * half of the capped exponential delay is fixed, the other half random, so the delay
 * is never zero and never above the cap.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const factor = options.factor ?? 2;
  const n = Math.max(0, Math.floor(attempt));
  // Math.min before pow overflows: factor ** 1000 is Infinity, which min() handles fine.
  const exp = Math.min(options.capMs, options.baseMs * Math.pow(factor, n));
  const half = exp / 2;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(half + r * half);
}

/** Counts failed attempts; `reset` after a connection has proved itself. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt; each call counts one more failure. */
  next(): number {
    return backoffDelay(this.attempt++, this.options, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
