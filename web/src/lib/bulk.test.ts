import { describe, expect, it } from 'vitest';
import { BulkUpload, type Sender, type SendResult } from './bulk';

const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'image/png' });

interface Call {
  files: readonly File[];
  progress: (loaded: number, total: number) => void;
  resolve: (v: SendResult) => void;
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

  it('matches a mixed answer to the files by index, so a rejected file in the middle shifts nothing', async () => {
    const files = [file('a.png', 10), file('notes.txt', 10), file('c.png', 10)];
    const { calls, send } = fakeSender();
    const up = new BulkUpload(files, send, { limits: { maxFiles: 3, maxBytes: 1000 }, concurrency: 1 }).start();
    // As the server answers 201: the stored parts and the rejected one, each with its index.
    calls[0].resolve({
      images: [
        { index: 0, id: 'id-a', filename: 'a.png', status: 'pending' },
        { index: 2, id: 'id-c', filename: 'c.png', status: 'pending' },
      ],
      rejected: [{ index: 1, filename: 'notes.txt', status: 415, detail: "'notes.txt' is not an image" }],
    });
    await up.finished;
    expect(up.entries[0]).toMatchObject({ status: 'uploaded', imageId: 'id-a' });
    expect(up.entries[1]).toMatchObject({ status: 'failed', error: "'notes.txt' is not an image" });
    expect(up.entries[1].imageId).toBeUndefined();
    expect(up.entries[2]).toMatchObject({ status: 'uploaded', imageId: 'id-c' });
  });

  it('keeps what a request stored before a limit stopped it, and sends only the unread files again', async () => {
    const files = [file('a.png', 10), file('huge.png', 10), file('c.png', 10)];
    const { calls, send } = fakeSender();
    const up = new BulkUpload(files, send, { limits: { maxFiles: 3, maxBytes: 1000 }, concurrency: 1 }).start();
    // 413 for the whole request: a.png stored, huge.png over the limit, c.png not read.
    calls[0].reject(
      Object.assign(new Error('too large'), {
        status: 413,
        problem: {
          status: 413,
          images: [{ index: 0, id: 'id-a', filename: 'a.png', status: 'pending' }],
          rejected: [{ index: 1, filename: 'huge.png', status: 413, detail: "'huge.png' is larger than the limit" }],
        },
      }),
    );
    await tick();
    expect(up.entries[0]).toMatchObject({ status: 'uploaded', imageId: 'id-a' });
    expect(up.entries[1]).toMatchObject({ status: 'failed', error: "'huge.png' is larger than the limit" });
    expect(calls.map((c) => c.files.map((f) => f.name))).toEqual([['a.png', 'huge.png', 'c.png'], ['c.png']]);
    calls[1].resolve({ images: [{ index: 0, id: 'id-c', filename: 'c.png' }] });
    await up.finished;
    expect(up.entries[2]).toMatchObject({ status: 'uploaded', imageId: 'id-c' });
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
