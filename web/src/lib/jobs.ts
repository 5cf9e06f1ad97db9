/** Job state as it arrives over SSE (/api/jobs/{id}/events) and WebSocket (/ws/jobs). */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface JobEvent {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly progress: number;
  readonly error?: string | null;
  /** Counts the job's starts; a job whose worker vanished is queued again as a new attempt. */
  readonly attempt?: number | null;
  /** What it is doing: queued, downloading, decoding, processing, encoding or storing. */
  readonly stage?: JobStage | null;
  /** While queued: its place in its line, 1 when it is next. */
  readonly position?: number | null;
  /** While running: the seconds it should still take, from the measured speed of its operation. */
  readonly etaSeconds?: number | null;
}

export type JobStage = 'queued' | 'downloading' | 'decoding' | 'processing' | 'encoding' | 'storing';

export const JOB_STAGES: readonly JobStage[] = ['queued', 'downloading', 'decoding', 'processing', 'encoding', 'storing'];

export interface JobLinks {
  readonly self?: string;
  readonly events?: string;
  readonly result?: string;
  readonly thumbnail?: string;
  readonly [name: string]: string | undefined;
}

/** GET /api/jobs/{id}; the 202 answers carry a subset of these fields. */
export interface Job {
  readonly id: string;
  readonly imageId: string;
  /** The image's file name, or the URL it was registered by. */
  readonly imageName?: string | null;
  readonly operation: string;
  readonly params?: Record<string, unknown>;
  readonly status: JobStatus;
  readonly progress: number;
  readonly error?: string | null;
  /** Times the job was started; see JobEvent.attempt. */
  readonly attempts?: number;
  /** Running, but its worker stopped answering: it will be queued again, or failed. */
  readonly stalled?: boolean;
  readonly createdAt?: string | null;
  readonly startedAt?: string | null;
  readonly finishedAt?: string | null;
  readonly resultContentType?: string | null;
  /** For a failed or cancelled job: whether running it again could end otherwise (not for a damaged file). */
  readonly retryable?: boolean;
  /** high: someone is waiting for it, so it runs ahead of normal (bulk) work. */
  readonly priority?: 'high' | 'normal';
  readonly links?: JobLinks;
}

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** Retry is offered where it could help: a cancelled job, or a failure of the moment (see Job.retryable). */
export function canRetry(job: Pick<Job, 'status' | 'retryable'>): boolean {
  return job.status === 'cancelled' || (job.status === 'failed' && job.retryable !== false);
}

export function canCancel(job: Pick<Job, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

export function isJobStatus(v: unknown): v is JobStatus {
  return typeof v === 'string' && (JOB_STATUSES as readonly string[]).includes(v);
}

/** Reads one event's JSON; null for anything that is not a job event (so a bad frame is skipped, not fatal). */
export function parseJobEvent(data: unknown): JobEvent | null {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const jobId = o.jobId ?? o.id;
  if (typeof jobId !== 'string' || !isJobStatus(o.status)) return null;
  const progress = typeof o.progress === 'number' && Number.isFinite(o.progress) ? o.progress : 0;
  const error = typeof o.error === 'string' ? o.error : null;
  const attempt = typeof o.attempt === 'number' ? o.attempt : null;
  const stage = typeof o.stage === 'string' && (JOB_STAGES as readonly string[]).includes(o.stage) ? (o.stage as JobStage) : null;
  const position = typeof o.position === 'number' && o.position >= 1 ? o.position : null;
  const etaSeconds = typeof o.etaSeconds === 'number' && Number.isFinite(o.etaSeconds) && o.etaSeconds >= 0 ? o.etaSeconds : null;
  return { jobId, status: o.status, progress: Math.min(100, Math.max(0, progress)), error, attempt, stage, position, etaSeconds };
}

/** "about 12 s left", "about 3 min left", "about 1 h 5 min left". */
export function formatEta(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `about ${s} s left`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''} left`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * Where a job stands, in words, from its latest event: "queued, 3rd in line", "processing 45%,
 * about 12 s left". What the event does not say is left out.
 */
export function describeProgress(event: Pick<JobEvent, 'status' | 'progress' | 'stage' | 'position' | 'etaSeconds'>): string {
  if (event.status === 'queued') {
    if (event.position == null) return 'queued';
    return event.position === 1 ? 'queued, next in line' : `queued, ${ordinal(event.position)} in line`;
  }
  if (event.status !== 'running') return event.status;
  const parts = [`${event.stage && event.stage !== 'queued' ? event.stage : 'running'} ${Math.round(event.progress)}%`];
  if (event.etaSeconds != null) parts.push(formatEta(event.etaSeconds));
  return parts.join(', ');
}

/** One frame of /ws/jobs: `{"type":"job",...}`; anything else is null. */
export function parseJobSocketMessage(data: unknown): JobEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'job') return null;
  return parseJobEvent(value);
}

/**
 * Folds one event into a job. Events can arrive late or twice (SSE replay of the current state,
 * a WebSocket that also saw the same job), so:
 * - events for another job are ignored;
 * - once a job is finished, only a newer terminal state replaces it (a retry is a new job, so in
 *   practice nothing does) and late progress is dropped;
 * - progress never goes backwards while the job runs, unless a new attempt starts (its worker
 *   vanished and it was queued again); a succeeded job is at 100.
 */
export function applyJobEvent<J extends Pick<Job, 'id' | 'status' | 'progress' | 'error' | 'attempts'>>(job: J, event: JobEvent): J {
  if (event.jobId !== job.id) return job;
  if (isTerminal(job.status)) {
    if (!isTerminal(event.status) || event.status === job.status) return job;
  }
  // A job whose worker vanished starts over as a new attempt: back to queued, or to 0%; the
  // vanished attempt's late events change nothing.
  if (event.attempt != null && job.attempts != null && event.attempt < job.attempts) return job;
  if (event.attempt != null && job.attempts != null && event.attempt > job.attempts && !isTerminal(event.status)) {
    return { ...job, status: event.status, progress: event.progress, error: null, attempts: event.attempt, stalled: false };
  }
  if (event.status === 'queued' && job.status === 'running') return job;
  const progress =
    event.status === 'succeeded' ? 100 : event.status === 'failed' ? Math.max(job.progress, event.progress) : Math.max(job.progress, event.progress);
  const error =
    event.status === 'failed' ? event.error || job.error || 'The job failed.' : event.status === 'cancelled' ? event.error || 'Cancelled.' : job.error ?? null;
  if (event.status === job.status && progress === job.progress && error === (job.error ?? null)) return job;
  return { ...job, status: event.status, progress, error };
}

/** The jobs page's list: newest first, keyed by id, bounded. */
export class JobList {
  private readonly byId = new Map<string, Job>();

  constructor(private limit = 50) {}

  /** Keeps `more` jobs beyond the current bound: older pages asked for are not trimmed away. */
  grow(more: number): void {
    this.limit += more;
  }

  /** Adds or replaces a job record (from GET); returns it. */
  upsert(job: Job): Job {
    const known = this.byId.get(job.id);
    // A full record fetched before a later event must not undo that event.
    const merged = known && rank(known) > rank(job) ? { ...job, status: known.status, progress: known.progress, error: known.error } : job;
    this.byId.set(job.id, merged);
    this.trim();
    return merged;
  }

  /** Applies an event; returns the updated job, or null when the job is unknown here. */
  apply(event: JobEvent): Job | null {
    const job = this.byId.get(event.jobId);
    if (!job) return null;
    const next = applyJobEvent(job, event);
    this.byId.set(job.id, next);
    return next;
  }

  get(id: string): Job | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Newest first by createdAt; jobs without a time (just made here) count as newest. */
  list(): Job[] {
    return [...this.byId.values()].sort(compareNewestFirst);
  }

  private trim(): void {
    if (this.byId.size <= this.limit) return;
    const keep = new Set(this.list().slice(0, this.limit).map((j) => j.id));
    for (const id of this.byId.keys()) if (!keep.has(id)) this.byId.delete(id);
  }
}

function rank(job: Pick<Job, 'status' | 'progress'>): number {
  const order = { queued: 0, running: 1, succeeded: 2, failed: 2, cancelled: 2 } as const;
  return order[job.status] * 1000 + job.progress;
}

/**
 * An ISO-8601 time in microseconds since the epoch. `Date.parse` keeps milliseconds only, and
 * the jobs of one request are a microsecond apart (the service's list order), so they would tie
 * here and be ordered differently from the pages the service hands out.
 */
export function epochMicros(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  return Date.parse(m[1] + m[3]) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

export function compareNewestFirst(a: Job, b: Job): number {
  const ta = a.createdAt ? epochMicros(a.createdAt) : Number.POSITIVE_INFINITY;
  const tb = b.createdAt ? epochMicros(b.createdAt) : Number.POSITIVE_INFINITY;
  if (ta === tb) return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  return tb > ta ? 1 : -1;
}
