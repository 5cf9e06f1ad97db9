import { describe, expect, it } from 'vitest';
import { BulkUpload, type Sender } from './bulk';

const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'image/png' });

interface Call {
  files: readonly File[];
  progress: (loaded: number, total: number) => void;
  resolve: (v: { images: { id: string; status?: string }[] }) => void;
  reject: (e: unknown) => void;
}

function fakeSender() {
  const calls: Call[] = [];
  const send: Sender = (files, progress) =>
    new Promise((resolve, reject) => {
      calls.push({ files, progress, resolve, reject });
    });
  return { calls, send };
}

const ok = (c: Call, status = 'pending') => c.resolve({ images: c.files.map((f) => ({ id: `id-${f.name}`, filename: f.name, status })) });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BulkUpload', () => {
  it('runs at most `concurrency` chunked requests and reports per file', async () => {
    const files = Array.from({ length: 7 }, (_, i) => file(`f${i}`, 10));
    const { calls, send } = fakeSender();
    const changed: number[] = [];
    const up = new BulkUpload(files, send, { limits: { maxFiles: 2, maxBytes: 1000 }, concurrency: 2 });
    up.onChange((c) => changed.push(...c));
    up.start();
    expect(calls.map((c) => c.files.map((f) => f.name))).toEqual([['f0', 'f1'], ['f2', 'f3']]);
    expect(up.counts().uploading).toBe(4);

    calls[0].progress(50, 100);
    expect(up.entries[0].loaded).toBe(10);
    expect(up.entries[1].loaded).toBe(0);
    expect(up.uploadFraction()).toBeCloseTo(10 / 70);

    ok(calls[0]);
    await tick();
    expect(up.entries[0]).toMatchObject({ status: 'uploaded', imageId: 'id-f0' });
    expect(calls).toHaveLength(3);
    ok(calls[1], 'completed');
    ok(calls[2]);
    await tick();
    ok(calls[3]);
    await up.finished;
    expect(up.counts()).toMatchObject({ uploaded: 5, done: 2, queued: 0 });
    expect(up.uploadFraction()).toBe(1);
    expect(changed).toContain(6);
  });

  it('cancel stops what has not started', async () => {
    const files = Array.from({ length: 6 }, (_, i) => file(`f${i}`, 10));
    const { calls, send } = fakeSender();
    const up = new BulkUpload(files, send, { limits: { maxFiles: 2, maxBytes: 1000 }, concurrency: 1 }).start();
    up.cancel();
    expect(up.counts()).toMatchObject({ uploading: 2, cancelled: 4 });
    ok(calls[0]);
    await up.finished;
    expect(calls).toHaveLength(1);
    expect(up.counts()).toMatchObject({ uploaded: 2, cancelled: 4 });
    // cancelled files do not hold the bar below 100 %
    expect(up.uploadFraction()).toBe(1);
  });

  it('retries the files of a rejected chunk one by one so one bad file fails alone', async () => {
    const files = [file('good', 10), file('bad', 10)];
    const { calls, send } = fakeSender();
    const up = new BulkUpload(files, send, { limits: { maxFiles: 5, maxBytes: 1000 }, concurrency: 1 }).start();
    calls[0].reject(Object.assign(new Error('not an image'), { status: 415 }));
    await tick();
    ok(calls[1]);
    await tick();
    calls[2].reject(Object.assign(new Error('bad is not an image'), { status: 415 }));
    await up.finished;
    expect(up.entries.map((e) => e.status)).toEqual(['uploaded', 'failed']);
    expect(up.entries[1].error).toBe('bad is not an image');
  });

  it('fails the chunk on a network error and goes on', async () => {
    const files = [file('a', 1), file('b', 1)];
    const { calls, send } = fakeSender();
    const up = new BulkUpload(files, send, { limits: { maxFiles: 1, maxBytes: 1000 }, concurrency: 1 }).start();
    calls[0].reject(Object.assign(new Error('offline'), { status: 0 }));
    await tick();
    ok(calls[1]);
    await up.finished;
    expect(up.entries.map((e) => e.status)).toEqual(['failed', 'uploaded']);
  });

  it('follows processing', () => {
    const up = new BulkUpload([file('a', 1)], fakeSender().send);
    up.setProcessing(0, 'processing');
    up.setProcessing(0, 'done');
    expect(up.counts().done).toBe(1);
  });
});
