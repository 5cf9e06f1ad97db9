/**
 * Jobs: the recent jobs with live progress over /ws/jobs, each with its image; Cancel while a job
 * waits or runs; failures with their reasons, and Retry where running again could help. "Older
 * jobs" follows the list's `next` cursor, a page at a time.
 */
import { api, jobLink } from '../api';
import { frameBatcher, h } from '../dom';
import { canCancel, canRetry, describeProgress, isTerminal, type Job, type JobEvent, JobList, parseJobSocketMessage } from '../lib/jobs';
import { describeRun, formOf, type OperationForm } from '../lib/schema';
import { ReconnectingSocket, type SocketState, socketUrl } from '../lib/socket';

const STATE_TEXT: Record<SocketState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

function time(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

function paramsText(params?: Record<string, unknown>): string {
  if (!params) return '';
  const entries = Object.entries(params);
  return entries.length ? entries.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`).join(' ') : '';
}

/** Jobs asked for at a time, first and with each "Older jobs". */
const PAGE = 50;

export function jobsPage(container: HTMLElement): () => void {
  const jobs = new JobList(PAGE);
  let forms = new Map<string, OperationForm>();
  const rows = new Map<string, HTMLElement>();
  const fetching = new Set<string>();
  let disposed = false;

  const conn = h('span', { class: 'conn', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'job-list', 'aria-label': 'Recent jobs' });
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No jobs yet. Convert an image to make one.');
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, 'Refresh');
  /** Where the next older page starts (the last page's `next`); null once there are no older jobs. */
  let next: string | null = null;
  let olderLoaded = false;
  const older = h('button', { type: 'button', class: 'secondary older', hidden: true, onclick: () => void loadOlder() }, 'Older jobs');

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'jobs-h' },
      h('div', { class: 'title-row' }, h('h1', { id: 'jobs-h' }, 'Jobs'), h('div', { class: 'conn-box' }, conn, refresh)),
      message,
      empty,
      list,
      older,
    ),
  );

  function row(job: Job): HTMLElement {
    const li = h('li', { class: 'job', dataset: { id: job.id } });
    fill(li, job);
    return li;
  }

  /** "Gaussian blur filter", or the operation's name until the operations have loaded. */
  function label(job: Job): string {
    const form = forms.get(job.operation);
    return form ? describeRun(form, job.params ?? {}) : job.operation;
  }

  // The latest event of each job, for its stage, place in line and time left, which a Job record lacks.
  const latest = new Map<string, JobEvent>();

  /** "processing 45%, about 12 s left" while the latest event says so; the percentage otherwise. */
  function progressText(job: Job): string {
    const event = latest.get(job.id);
    if (event && event.status === job.status && (job.status === 'queued' || job.status === 'running')) {
      return describeProgress({ ...event, progress: job.progress });
    }
    return `${Math.round(job.progress)}%`;
  }

  function fill(li: HTMLElement, job: Job): void {
    const op = label(job);
    const name = job.imageName || `image ${job.imageId.slice(0, 8)}`;
    li.dataset.status = job.status;
    const bar = h('progress', { max: 100, value: job.progress, 'aria-label': `Progress of ${op} on ${name}` });
    const thumb = h('img', { class: 'job-thumb', src: job.links?.thumbnail ?? `/api/images/${encodeURIComponent(job.imageId)}/thumbnail`, alt: '', loading: 'lazy', decoding: 'async' });
    thumb.addEventListener('error', () => (thumb.style.visibility = 'hidden'), { once: true });
    const children: (HTMLElement | string)[] = [
      thumb,
      h('div', { class: 'job-head' }, h('strong', null, op), h('span', { class: 'badge' }, job.status), h('span', { class: 'muted job-time' }, time(job.createdAt))),
      h(
        'div',
        { class: 'job-meta muted' },
        h('a', { class: 'job-image', href: `/images/${encodeURIComponent(job.imageId)}`, 'data-link': '', title: job.imageId }, name),
        paramsText(job.params) ? h('code', { class: 'job-params' }, paramsText(job.params)) : '',
      ),
      h('div', { class: 'progress-row' }, bar, h('span', { class: 'progress-value', 'aria-hidden': 'true' }, progressText(job))),
    ];
    if (canCancel(job)) {
      children.push(h('button', { type: 'button', class: 'secondary', onclick: () => void cancel(job), 'aria-label': `Cancel ${op} on ${name}` }, 'Cancel'));
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      children.push(
        h(
          'div',
          { class: 'job-failure' },
          h('p', { class: job.status === 'failed' ? 'error' : 'muted' }, job.error || (job.status === 'failed' ? 'No reason given.' : 'Cancelled.')),
          canRetry(job)
            ? h('button', { type: 'button', onclick: () => void retry(job), 'aria-label': `Retry ${op} on ${name}` }, 'Retry')
            : h('span', { class: 'muted' }, 'Running it again would fail the same way.'),
        ),
      );
    } else if (job.status === 'succeeded') {
      children.push(h('a', { href: jobLink(job, 'result'), target: '_blank', rel: 'noopener' }, 'Open result'));
    }
    li.replaceChildren(...children);
  }

  const batcher = frameBatcher<string>((ids) => {
    let order = false;
    for (const id of ids) {
      const job = jobs.get(id);
      const existing = rows.get(id);
      if (!job) {
        existing?.remove();
        rows.delete(id);
        continue;
      }
      if (existing) {
        // Progress ticks only touch the bar; anything else rebuilds the row.
        if (existing.dataset.status === job.status) {
          const bar = existing.querySelector('progress');
          const val = existing.querySelector('.progress-value');
          if (bar) bar.value = job.progress;
          if (val) val.textContent = progressText(job);
        } else fill(existing, job);
      } else {
        rows.set(id, row(job));
        order = true;
      }
    }
    if (order) {
      const sorted = jobs.list();
      const keep = new Set(sorted.map((j) => j.id));
      for (const [id, el] of rows) if (!keep.has(id)) (el.remove(), rows.delete(id), latest.delete(id));
      list.replaceChildren(...sorted.map((j) => rows.get(j.id)!).filter(Boolean));
    }
    empty.hidden = rows.size > 0;
  });

  function put(job: Job): void {
    jobs.upsert(job);
    batcher.schedule(job.id);
  }

  async function load(): Promise<void> {
    try {
      const page = await api.jobs(PAGE);
      if (disposed) return;
      page.jobs.forEach(put);
      // Once older pages are shown, a refresh only brings the newest up to date: the cursor stays.
      if (!olderLoaded) next = page.next;
      older.hidden = next === null;
      message.textContent = '';
      message.className = 'status';
      if (page.jobs.length === 0) empty.hidden = false;
    } catch (err) {
      message.textContent = `Could not load jobs: ${(err as Error).message}`;
      message.className = 'status error';
    }
  }

  async function loadOlder(): Promise<void> {
    if (next === null) return;
    older.disabled = true;
    try {
      const page = await api.jobs(PAGE, next);
      if (disposed) return;
      olderLoaded = true;
      jobs.grow(page.jobs.length);
      page.jobs.forEach(put);
      next = page.next;
      older.hidden = next === null;
    } catch (err) {
      message.textContent = `Could not load older jobs: ${(err as Error).message}`;
      message.className = 'status error';
    } finally {
      older.disabled = false;
    }
  }

  async function fetchUnknown(id: string): Promise<void> {
    if (fetching.has(id)) return;
    fetching.add(id);
    try {
      const job = await api.job(id);
      if (!disposed) put(job);
    } catch {
      /* it will show up on the next refresh */
    } finally {
      fetching.delete(id);
    }
  }

  async function cancel(job: Job): Promise<void> {
    try {
      put(await api.cancel(job.id));
      message.textContent = 'Cancelled.';
      message.className = 'status';
    } catch (err) {
      message.textContent = `Cancel failed: ${(err as Error).message}`;
      message.className = 'status error';
    }
  }

  async function retry(job: Job): Promise<void> {
    try {
      const created = await api.retry(job.id);
      created.forEach((j) => put({ ...j, createdAt: j.createdAt ?? new Date().toISOString(), params: j.params ?? job.params, imageId: j.imageId ?? job.imageId, imageName: j.imageName ?? job.imageName, operation: j.operation ?? job.operation }));
      message.textContent = 'Retrying: a new job was queued.';
      message.className = 'status';
    } catch (err) {
      message.textContent = `Retry failed: ${(err as Error).message}`;
      message.className = 'status error';
    }
  }

  const socket = new ReconnectingSocket(socketUrl('/ws/jobs'));
  socket.onState = (s) => {
    conn.textContent = STATE_TEXT[s];
    conn.dataset.state = s;
  };
  let reconnect = false;
  socket.onOpen = () => {
    socket.send({ type: 'subscribe', all: true });
    // Events were missed while disconnected: catch up.
    if (reconnect) void load();
    reconnect = true;
  };
  socket.onMessage = (data) => {
    const event = parseJobSocketMessage(data);
    if (!event) return;
    if (isTerminal(event.status)) latest.delete(event.jobId);
    else latest.set(event.jobId, event);
    if (jobs.apply(event)) batcher.schedule(event.jobId);
    else void fetchUnknown(event.jobId);
  };
  socket.onState('connecting');
  socket.connect();
  void load();
  void api
    .operations()
    .then((catalog) => {
      if (disposed) return;
      forms = new Map(catalog.details.map((d) => [d.name, formOf(d)]));
      for (const [id, li] of rows) {
        const job = jobs.get(id);
        if (job) fill(li, job);
      }
    })
    .catch(() => {
      /* operation names stand in for their titles */
    });

  return () => {
    disposed = true;
    batcher.cancel();
    socket.close();
  };
}
