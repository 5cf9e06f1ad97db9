/** A WebSocket that comes back: reconnects with capped, jittered exponential backoff and tells its state. */
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff';

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ReconnectOptions {
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  /** A connection open this long counts as good and resets the backoff. */
  readonly stableMs?: number;
  readonly create?: (url: string) => SocketLike;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (id: unknown) => void;
}

const OPEN = 1;

/** ws(s)://host/path for a same-origin path. */
export function socketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

export class ReconnectingSocket {
  private socket: SocketLike | null = null;
  private readonly backoff: Backoff;
  private timer: unknown = null;
  private stableTimer: unknown = null;
  private closedByUser = false;
  private current: SocketState = 'connecting';
  /** When the next attempt is due (ms since epoch), for a countdown in the UI. */
  nextAttemptAt = 0;

  onOpen: () => void = () => {};
  onMessage: (data: string) => void = () => {};
  onState: (state: SocketState) => void = () => {};

  private readonly create: (url: string) => SocketLike;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (id: unknown) => void;

  constructor(
    private readonly url: string,
    private readonly options: ReconnectOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, options.random);
    this.create = options.create ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  }

  get state(): SocketState {
    return this.current;
  }

  get attempts(): number {
    return this.backoff.attempts;
  }

  connect(): this {
    this.closedByUser = false;
    this.open();
    return this;
  }

  /** Sends when open; returns false (message dropped) otherwise: callers re-send their state in onOpen. */
  send(message: unknown): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.closedByUser = true;
    this.clear();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      s.onopen = null;
      s.close(1000, 'bye');
    }
    this.setState('closed');
  }

  /** Skips the wait and tries now (a "Reconnect now" button). */
  retryNow(): void {
    if (this.closedByUser || this.current === 'open') return;
    this.clear();
    this.open();
  }

  private clear(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    if (this.stableTimer !== null) this.clearTimer(this.stableTimer);
    this.timer = null;
    this.stableTimer = null;
  }

  private setState(s: SocketState): void {
    if (s === this.current) return;
    this.current = s;
    this.onState(s);
  }

  private open(): void {
    this.setState(this.backoff.attempts === 0 ? 'connecting' : 'reconnecting');
    let s: SocketLike;
    try {
      s = this.create(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      this.setState('open');
      this.stableTimer = this.setTimer(() => this.backoff.reset(), this.options.stableMs ?? 5000);
      this.onOpen();
    };
    s.onmessage = (ev) => {
      if (typeof ev.data === 'string') this.onMessage(ev.data);
    };
    s.onerror = () => {
      /* onclose follows and decides */
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (this.stableTimer !== null) this.clearTimer(this.stableTimer);
      this.stableTimer = null;
      if (!this.closedByUser) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const delay = this.backoff.next();
    this.nextAttemptAt = Date.now() + delay;
    this.setState('reconnecting');
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.open();
    }, delay);
  }
}
