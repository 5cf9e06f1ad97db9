import { describe, expect, it } from 'vitest';
import { applyJobEvent, type Job, JobList, parseJobEvent, parseJobSocketMessage } from './jobs';

const job = (over: Partial<Job> = {}): Job => ({ id: 'j1', imageId: 'i1', operation: 'grayscale', status: 'queued', progress: 0, ...over });

describe('parseJobEvent', () => {
  it('reads SSE data', () => {
    expect(parseJobEvent('{"jobId":"j1","status":"running","progress":40}')).toEqual({ jobId: 'j1', status: 'running', progress: 40, error: null });
  });

  it('rejects junk, unknown statuses and clamps progress', () => {
    expect(parseJobEvent('not json')).toBeNull();
    expect(parseJobEvent('{"jobId":"j1","status":"weird","progress":1}')).toBeNull();
    expect(parseJobEvent('{"status":"running"}')).toBeNull();
    expect(parseJobEvent('{"jobId":"j1","status":"running","progress":180}')?.progress).toBe(100);
    expect(parseJobEvent('{"jobId":"j1","status":"running"}')?.progress).toBe(0);
  });

  it('keeps the error of a failed job', () => {
    expect(parseJobEvent({ jobId: 'j1', status: 'failed', progress: 30, error: 'boom' })?.error).toBe('boom');
  });
});

describe('parseJobSocketMessage', () => {
  it('takes only type "job" frames', () => {
    expect(parseJobSocketMessage('{"type":"job","jobId":"a","status":"succeeded","progress":100}')?.status).toBe('succeeded');
    expect(parseJobSocketMessage('{"type":"hello"}')).toBeNull();
    expect(parseJobSocketMessage('[')).toBeNull();
  });
});

describe('applyJobEvent', () => {
  it('moves a job forward', () => {
    const j = applyJobEvent(job(), { jobId: 'j1', status: 'running', progress: 30 });
    expect(j).toMatchObject({ status: 'running', progress: 30 });
    expect(applyJobEvent(j, { jobId: 'j1', status: 'succeeded', progress: 90 })).toMatchObject({ status: 'succeeded', progress: 100 });
  });

  it('ignores another job, backwards progress and a late queued', () => {
    const running = job({ status: 'running', progress: 50 });
    expect(applyJobEvent(running, { jobId: 'other', status: 'failed', progress: 0 })).toBe(running);
    expect(applyJobEvent(running, { jobId: 'j1', status: 'running', progress: 20 })).toBe(running);
    expect(applyJobEvent(running, { jobId: 'j1', status: 'queued', progress: 0 })).toBe(running);
  });

  it('does not let late progress undo a finished job', () => {
    const done = job({ status: 'succeeded', progress: 100 });
    expect(applyJobEvent(done, { jobId: 'j1', status: 'running', progress: 60 })).toBe(done);
    const failed = job({ status: 'failed', progress: 40, error: 'bad' });
    expect(applyJobEvent(failed, { jobId: 'j1', status: 'running', progress: 60 })).toBe(failed);
  });

  it('gives a failed job a reason', () => {
    expect(applyJobEvent(job({ status: 'running' }), { jobId: 'j1', status: 'failed', progress: 10, error: 'Too big' }).error).toBe('Too big');
    expect(applyJobEvent(job({ status: 'running' }), { jobId: 'j1', status: 'failed', progress: 10 }).error).toBe('The job failed.');
  });

  it('replays of the current state are no-ops (SSE sends it first)', () => {
    const j = job({ status: 'running', progress: 10 });
    expect(applyJobEvent(j, { jobId: 'j1', status: 'running', progress: 10 })).toBe(j);
  });
});

describe('JobList', () => {
  it('orders newest first and puts jobs without time on top', () => {
    const l = new JobList();
    l.upsert(job({ id: 'a', createdAt: '2025-01-01T00:00:00Z' }));
    l.upsert(job({ id: 'b', createdAt: '2025-01-02T00:00:00Z' }));
    l.upsert(job({ id: 'c' }));
    expect(l.list().map((j) => j.id)).toEqual(['c', 'b', 'a']);
  });

  it('applies events to known jobs only', () => {
    const l = new JobList();
    l.upsert(job({ id: 'a' }));
    expect(l.apply({ jobId: 'a', status: 'running', progress: 5 })?.progress).toBe(5);
    expect(l.apply({ jobId: 'zzz', status: 'running', progress: 5 })).toBeNull();
  });

  it('does not let an older fetched record undo a newer event', () => {
    const l = new JobList();
    l.upsert(job({ id: 'a' }));
    l.apply({ jobId: 'a', status: 'succeeded', progress: 100 });
    expect(l.upsert(job({ id: 'a', status: 'running', progress: 30 })).status).toBe('succeeded');
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const l = new JobList(2);
    l.upsert(job({ id: 'a', createdAt: '2025-01-01T00:00:00Z' }));
    l.upsert(job({ id: 'b', createdAt: '2025-01-03T00:00:00Z' }));
    l.upsert(job({ id: 'c', createdAt: '2025-01-02T00:00:00Z' }));
    expect(l.list().map((j) => j.id)).toEqual(['b', 'c']);
  });
});
