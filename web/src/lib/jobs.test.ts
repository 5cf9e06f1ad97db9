import { describe, expect, it } from 'vitest';
import { applyJobEvent, canCancel, canRetry, describeProgress, epochMicros, formatEta, type Job, JobList, parseJobEvent, parseJobSocketMessage } from './jobs';

const job = (over: Partial<Job> = {}): Job => ({ id: 'j1', imageId: 'i1', operation: 'grayscale', status: 'queued', progress: 0, ...over });

describe('parseJobEvent', () => {
  it('reads SSE data', () => {
    expect(parseJobEvent('{"jobId":"j1","status":"running","progress":40}')).toEqual({
      jobId: 'j1', status: 'running', progress: 40, error: null, attempt: null, stage: null, position: null, etaSeconds: null,
    });
    expect(parseJobEvent('{"jobId":"j1","status":"queued","progress":0,"attempt":2}')?.attempt).toBe(2);
  });

  it('rejects junk, unknown statuses and clamps progress', () => {
    expect(parseJobEvent('not json')).toBeNull();
    expect(parseJobEvent('{"jobId":"j1","status":"weird","progress":1}')).toBeNull();
    expect(parseJobEvent('{"status":"running"}')).toBeNull();
    expect(parseJobEvent('{"jobId":"j1","status":"running","progress":180}')?.progress).toBe(100);
    expect(parseJobEvent('{"jobId":"j1","status":"running"}')?.progress).toBe(0);
  });

  it('reads the stage, the place in line and the time left', () => {
    const queued = parseJobEvent('{"jobId":"j1","status":"queued","progress":0,"stage":"queued","position":3}');
    expect([queued?.stage, queued?.position]).toEqual(['queued', 3]);
    const running = parseJobEvent('{"jobId":"j1","status":"running","progress":45,"stage":"processing","etaSeconds":12}');
    expect([running?.stage, running?.etaSeconds]).toEqual(['processing', 12]);
    const odd = parseJobEvent('{"jobId":"j1","status":"running","progress":5,"stage":"dreaming","position":0,"etaSeconds":-4}');
    expect([odd?.stage, odd?.position, odd?.etaSeconds]).toEqual([null, null, null]);
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

  it('lets a new attempt start over, but not an old one come back', () => {
    const stalled = job({ status: 'running', progress: 85, attempts: 1, stalled: true });
    expect(applyJobEvent(stalled, { jobId: 'j1', status: 'queued', progress: 0, attempt: 2 })).toMatchObject({ status: 'queued', progress: 0, attempts: 2, stalled: false });
    const second = job({ status: 'running', progress: 10, attempts: 2 });
    expect(applyJobEvent(second, { jobId: 'j1', status: 'running', progress: 90, attempt: 1 })).toBe(second);
  });

  it('ends a cancelled job with its reason', () => {
    expect(applyJobEvent(job({ status: 'running', progress: 30 }), { jobId: 'j1', status: 'cancelled', progress: 30, error: 'cancelled by request' })).toMatchObject({
      status: 'cancelled',
      error: 'cancelled by request',
    });
  });

  it('replays of the current state are no-ops (SSE sends it first)', () => {
    const j = job({ status: 'running', progress: 10 });
    expect(applyJobEvent(j, { jobId: 'j1', status: 'running', progress: 10 })).toBe(j);
  });
});

describe('what a job offers', () => {
  it('offers Cancel while it waits or runs, and Retry only where running again could help', () => {
    expect(canCancel(job({ status: 'queued' }))).toBe(true);
    expect(canCancel(job({ status: 'running' }))).toBe(true);
    expect(canCancel(job({ status: 'succeeded' }))).toBe(false);
    expect(canRetry(job({ status: 'failed', retryable: false }))).toBe(false);
    expect(canRetry(job({ status: 'failed', retryable: true }))).toBe(true);
    expect(canRetry(job({ status: 'cancelled' }))).toBe(true);
    expect(canRetry(job({ status: 'succeeded' }))).toBe(false);
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

  it('keeps an older page once grown for it', () => {
    const l = new JobList(2);
    l.upsert(job({ id: 'new', createdAt: '2025-01-03T00:00:00Z' }));
    l.upsert(job({ id: 'mid', createdAt: '2025-01-02T00:00:00Z' }));
    l.grow(1);
    l.upsert(job({ id: 'old', createdAt: '2025-01-01T00:00:00Z' }));
    expect(l.list().map((j) => j.id)).toEqual(['new', 'mid', 'old']);
  });

  it('orders jobs a microsecond apart as the service does, not by id', () => {
    const l = new JobList(2);
    // One request's jobs: the ids run against the times, so ordering by id would keep the wrong two.
    l.upsert(job({ id: 'z', createdAt: '2025-01-01T00:00:00.123401Z' }));
    l.upsert(job({ id: 'y', createdAt: '2025-01-01T00:00:00.123402Z' }));
    l.upsert(job({ id: 'x', createdAt: '2025-01-01T00:00:00.123403Z' }));
    expect(l.list().map((j) => j.id)).toEqual(['x', 'y']);
  });

  it('reads fractions of any length and offsets', () => {
    expect(epochMicros('2025-01-01T00:00:01Z') - epochMicros('2025-01-01T00:00:00.9Z')).toBe(100_000);
    expect(epochMicros('2025-01-01T01:00:00.000001+01:00')).toBe(epochMicros('2025-01-01T00:00:00Z') + 1);
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const l = new JobList(2);
    l.upsert(job({ id: 'a', createdAt: '2025-01-01T00:00:00Z' }));
    l.upsert(job({ id: 'b', createdAt: '2025-01-03T00:00:00Z' }));
    l.upsert(job({ id: 'c', createdAt: '2025-01-02T00:00:00Z' }));
    expect(l.list().map((j) => j.id)).toEqual(['b', 'c']);
  });
});

describe('describeProgress', () => {
  it('says where a queued job stands in its line', () => {
    expect(describeProgress({ status: 'queued', progress: 0, stage: 'queued', position: 1 })).toBe('queued, next in line');
    expect(describeProgress({ status: 'queued', progress: 0, stage: 'queued', position: 3 })).toBe('queued, 3rd in line');
    expect(describeProgress({ status: 'queued', progress: 0, position: 12 })).toBe('queued, 12th in line');
    expect(describeProgress({ status: 'queued', progress: 0 })).toBe('queued');
  });

  it('names the stage of a running job and the time it should still take', () => {
    expect(describeProgress({ status: 'running', progress: 45.2, stage: 'processing', etaSeconds: 12 })).toBe('processing 45%, about 12 s left');
    expect(describeProgress({ status: 'running', progress: 2, stage: 'downloading' })).toBe('downloading 2%');
    expect(describeProgress({ status: 'running', progress: 30 })).toBe('running 30%');
  });
});

describe('formatEta', () => {
  it('rounds to what a person reads', () => {
    expect(formatEta(0.2)).toBe('about 1 s left');
    expect(formatEta(75)).toBe('about 75 s left');
    expect(formatEta(400)).toBe('about 7 min left');
    expect(formatEta(3900)).toBe('about 1 h 5 min left');
    expect(formatEta(7200)).toBe('about 2 h left');
  });
});
