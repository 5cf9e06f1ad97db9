import { describe, expect, it } from 'vitest';
import { ReconnectingSocket, type SocketLike, socketUrl } from './socket';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; id: number }[] = [];
  let nextId = 1;
  const ws = new ReconnectingSocket('ws://x/ws/gallery', {
    backoff: { baseMs: 100, capMs: 800, factor: 2 },
    random: () => 1,
    stableMs: 1000,
    create: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => {
      const t = { fn, ms, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const fire = (ms: number) => {
    const i = timers.findIndex((t) => t.ms === ms);
    expect(i, `a timer of ${ms} ms`).toBeGreaterThanOrEqual(0);
    const [t] = timers.splice(i, 1);
    t.fn();
  };
  return { ws, sockets, timers, fire };
}

describe('ReconnectingSocket', () => {
  it('reconnects with growing capped delays and re-sends state on open', () => {
    const { ws, sockets, timers, fire } = harness();
    const states: string[] = [];
    let opens = 0;
    ws.onState = (s) => states.push(s);
    ws.onOpen = () => {
      opens++;
      ws.send({ type: 'query', hue: 1, queryId: opens });
    };
    ws.connect();
    sockets[0].open();
    expect(sockets[0].sent).toEqual(['{"type":"query","hue":1,"queryId":1}']);
    sockets[0].drop();
    expect(timers.map((t) => t.ms)).toEqual([100]);
    fire(100);
    sockets[1].drop();
    fire(200);
    sockets[2].drop();
    fire(400);
    sockets[3].drop();
    fire(800);
    sockets[4].drop();
    expect(timers.map((t) => t.ms)).toEqual([800]); // capped
    fire(800);
    sockets[5].open();
    expect(opens).toBe(2);
    expect(sockets[5].sent[0]).toContain('"queryId":2');
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('resets the backoff after a stable connection', () => {
    const { ws, sockets, fire } = harness();
    ws.connect();
    sockets[0].drop();
    fire(100);
    sockets[1].open();
    fire(1000); // stable
    sockets[1].drop();
    fire(100);
    expect(sockets).toHaveLength(3);
  });

  it('does not send while closed and stops on close()', () => {
    const { ws, sockets, timers } = harness();
    ws.connect();
    expect(ws.send({ a: 1 })).toBe(false);
    sockets[0].open();
    ws.close();
    expect(ws.state).toBe('closed');
    expect(timers).toHaveLength(0);
  });

  it('builds same-origin socket urls', () => {
    expect(socketUrl('/ws/jobs', { protocol: 'https:', host: 'a.b:1' })).toBe('wss://a.b:1/ws/jobs');
    expect(socketUrl('/ws/jobs', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/jobs');
  });
});
