/** The Darkroom HTTP API, same origin. */
import { ApiError, parseProblem } from './lib/problem';
import type { Job } from './lib/jobs';
import { isTerminal, parseJobEvent, type JobEvent } from './lib/jobs';
import type { ImageStatus } from './lib/poller';
import { type Catalog, parseCatalog } from './lib/schema';
import { dispositionFilename } from './lib/download';
import { parseSession, type Session } from './lib/session';
import { eventTypesOf, type Webhook, type WebhookDelivery } from './lib/webhooks';

/**
 * Dispatched on window when the service answers 401 to a signed-in page: the session has ended
 * (expired, signed out in another tab, or its key revoked), and the app shows its sign-in page.
 */
export const SIGNED_OUT_EVENT = 'darkroom:signed-out';

function noticeSignedOut(status: number, url: string): void {
  if (status === 401 && !url.startsWith('/api/session')) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
}

export interface ImageInfo {
  readonly id: string;
  /** Null only for an image registered by URL and not downloaded yet. */
  readonly filename: string;
  readonly url?: string | null;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** As displayed (EXIF-oriented); storedWidth and storedHeight are the file's own. */
  readonly width: number;
  readonly height: number;
  readonly storedWidth?: number;
  readonly storedHeight?: number;
  readonly orientation?: number | null;
  readonly status: ImageStatus;
  readonly createdAt: string;
  readonly links: { self: string; original: string; thumbnail: string };
}

export interface Color {
  readonly hex: string;
  readonly rgb: readonly [number, number, number];
  readonly hue: number;
  readonly saturation: number;
  readonly lightness: number;
  readonly weight: number;
}

async function failure(res: Response): Promise<ApiError> {
  noticeSignedOut(res.status, new URL(res.url || '/', location.href).pathname);
  const body = await res.text().catch(() => '');
  return new ApiError(parseProblem(res.status, body, res.headers.get('content-type')));
}

async function send(url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers } });
  } catch {
    throw new ApiError({ status: 0 });
  }
  if (!res.ok) throw await failure(res);
  return res;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  return (await (await send(url, init)).json()) as T;
}

/**
 * GET /api/images answers at most this many images a request, whether paged (`limit`) or named
 * (`ids`): the server's ImageController.MAX_PAGE.
 */
export const MAX_IMAGES_PER_REQUEST = 100;

export const api = {
  operations: (): Promise<Catalog> => request<unknown>('/api/operations').then(parseCatalog),
  image: (id: string) => request<ImageInfo>(`/api/images/${encodeURIComponent(id)}`),
  images: (limit = 24, cursor?: string | null) =>
    request<{ images: ImageInfo[]; next: string | null }>(`/api/images?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  /** These images (at most MAX_IMAGES_PER_REQUEST) in the order asked; unknown or deleted ones are left out. */
  imagesById: (ids: readonly string[]) =>
    request<{ images: ImageInfo[] }>(`/api/images?ids=${ids.map(encodeURIComponent).join(',')}`).then((r) => r.images),
  /** priority "high" for work someone is watching: it runs ahead of bulk work. */
  createJobs: (imageIds: string[], operation: string, params: Record<string, unknown>, priority: 'high' | 'normal' = 'normal') =>
    request<{ jobs: Job[] }>('/api/jobs', { method: 'POST', body: JSON.stringify({ imageIds, operation, params, priority }) }).then((r) => r.jobs),
  job: (id: string) => request<Job>(`/api/jobs/${encodeURIComponent(id)}`),
  /** A page of jobs, newest first; pass `next` back as `cursor` for the older ones (null on the last page). */
  jobs: (limit = 50, cursor?: string | null) =>
    request<{ jobs: Job[]; next: string | null }>(`/api/jobs?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  retry: (id: string) => request<{ jobs: Job[] }>(`/api/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' }).then((r) => r.jobs),
  cancel: (id: string) => request<Job>(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  /** The event types an endpoint may ask for, as the service's OpenAPI document declares them. */
  webhookEventTypes: () => request<unknown>('/v3/api-docs').then(eventTypesOf),
  webhooks: () => request<{ webhooks: Webhook[] }>('/api/webhooks').then((r) => r.webhooks),
  /** The answer is the only one that carries the endpoint's signing secret. */
  createWebhook: (url: string, events: readonly string[]) => request<Webhook>('/api/webhooks', { method: 'POST', body: JSON.stringify({ url, events }) }),
  /** 204, no body. */
  deleteWebhook: async (id: string): Promise<void> => void (await send(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' })),
  /** A page of deliveries to the owner's endpoints and callbacks, newest first; pass `next` back as `cursor` for older ones (null on the last page). */
  webhookDeliveries: (limit = 50, cursor?: string | null) =>
    request<{ deliveries: WebhookDelivery[]; next: string | null }>(
      `/api/webhooks/deliveries?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  /** Sends the event again; the answer is the new delivery. */
  resendDelivery: (id: string) => request<WebhookDelivery>(`/api/webhooks/deliveries/${encodeURIComponent(id)}/resend`, { method: 'POST' }),
  /** Who the app is signed in as; an ApiError with status 401 when it is not. */
  session: () => request<unknown>('/api/session').then(sessionOf),
  /** Trades a key for a session cookie; the key is not kept anywhere in the page. */
  signIn: (key: string) => request<unknown>('/api/session', { method: 'POST', body: JSON.stringify({ key }) }).then(sessionOf),
  signOut: async (): Promise<void> => {
    const res = await fetch('/api/session', { method: 'DELETE' }).catch(() => null);
    if (!res || !res.ok) throw res ? await failure(res) : new ApiError({ status: 0 });
  },
};

function sessionOf(body: unknown): Session {
  const session = parseSession(body);
  if (!session) throw new ApiError({ status: 0, detail: 'The server sent an unreadable answer.' });
  return session;
}

export function jobLink(job: Pick<Job, 'id' | 'links'>, name: 'self' | 'events' | 'result'): string {
  const base = `/api/jobs/${encodeURIComponent(job.id)}`;
  return job.links?.[name] ?? (name === 'self' ? base : `${base}/${name}`);
}

/** 201 from POST /api/images: every file part by its index, stored (with its image) or rejected (with why). */
export interface UploadAnswer {
  readonly images: (ImageInfo & { readonly index: number })[];
  readonly rejected: { readonly index: number; readonly filename: string | null; readonly type: string; readonly status: number; readonly detail: string }[];
}

/**
 * POST /api/images with one `file` part per file, reporting upload progress.
 * XMLHttpRequest because fetch() cannot report upload progress.
 */
export function uploadImages(files: readonly File[], onProgress: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/images');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadAnswer);
        } catch {
          reject(new ApiError({ status: xhr.status, detail: 'The server sent an unreadable answer.' }));
        }
      } else {
        noticeSignedOut(xhr.status, '/api/images');
        reject(new ApiError(parseProblem(xhr.status, xhr.responseText, xhr.getResponseHeader('content-type'))));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0 }));
    xhr.onabort = () => reject(new ApiError({ status: 0, detail: 'Upload cancelled.' }));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** SSE event names the client listens to besides the default "message" (see PROTOCOL.md). */
const SSE_EVENT_NAMES = ['job', 'state', 'status', 'progress', 'queued', 'running', 'succeeded', 'failed', 'done', 'complete', 'completed', 'terminal'];

/**
 * Follows one job: Server-Sent Events first; if the stream cannot be had, polls GET /api/jobs/{id}.
 * Calls `onEvent` for every state seen and stops by itself after the terminal one.
 * Returns a function that stops following.
 */
export function watchJob(job: Pick<Job, 'id' | 'links'>, onEvent: (e: JobEvent) => void): () => void {
  let stopped = false;
  let es: EventSource | null = null;
  let pollTimer = 0;
  let errors = 0;

  const stop = () => {
    stopped = true;
    es?.close();
    es = null;
    clearTimeout(pollTimer);
  };

  const deliver = (e: JobEvent | null) => {
    if (stopped || !e || e.jobId !== job.id) return;
    onEvent(e);
    if (isTerminal(e.status)) stop();
  };

  const poll = async (delay: number) => {
    if (stopped) return;
    try {
      const j = await api.job(job.id);
      deliver({ jobId: j.id, status: j.status, progress: j.progress, error: j.error });
    } catch (err) {
      if ((err as ApiError).status === 404) {
        deliver({ jobId: job.id, status: 'failed', progress: 0, error: 'The job no longer exists.' });
        return;
      }
    }
    if (!stopped) pollTimer = window.setTimeout(() => void poll(Math.min(delay * 1.5, 3000)), delay);
  };

  if (typeof EventSource === 'undefined') {
    void poll(500);
    return stop;
  }

  es = new EventSource(jobLink(job, 'events'));
  const handler = (ev: MessageEvent) => {
    errors = 0;
    deliver(parseJobEvent(ev.data));
  };
  es.onmessage = handler;
  for (const name of SSE_EVENT_NAMES) es.addEventListener(name, handler as EventListener);
  es.onerror = () => {
    if (stopped) return;
    errors++;
    // The browser retries a dropped stream by itself; after a refusal (CLOSED) or repeated
    // failures fall back to polling.
    if (es && (es.readyState === EventSource.CLOSED || errors >= 3)) {
      es.close();
      es = null;
      void poll(300);
    }
  };
  return stop;
}

export type JobResult =
  | { kind: 'image'; url: string; contentType: string; filename?: string }
  | { kind: 'text'; text: string }
  | { kind: 'colors'; colors: Color[] };

/** Fetches a job's result and says what it is by its content type. */
export async function fetchResult(job: Pick<Job, 'id' | 'links'>): Promise<JobResult> {
  let res: Response;
  try {
    res = await fetch(jobLink(job, 'result'));
  } catch {
    throw new ApiError({ status: 0 });
  }
  if (!res.ok) throw await failure(res);
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('image/')) {
    return { kind: 'image', url: URL.createObjectURL(await res.blob()), contentType: type, filename: dispositionFilename(res.headers.get('content-disposition')) };
  }
  if (type.includes('json')) {
    const body = (await res.json()) as { colors?: Color[] };
    return { kind: 'colors', colors: Array.isArray(body.colors) ? body.colors : [] };
  }
  return { kind: 'text', text: await res.text() };
}
