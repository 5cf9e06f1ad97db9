/** Bulk upload: hundreds of files in chunked requests, overall and per-file status, live. */
import { api, MAX_IMAGES_PER_REQUEST, uploadImages } from '../api';
import { frameBatcher, h, progressBar } from '../dom';
import { BulkUpload, type FileEntry, type FileStatus } from '../lib/bulk';
import { StatusPoller } from '../lib/poller';
import { formatBytes, percent } from '../lib/progress';
import { dropZone } from '../components/dropzone';

const STATUS_TEXT: Record<FileStatus, string> = {
  queued: 'queued',
  uploading: 'uploading',
  uploaded: 'uploaded',
  processing: 'processing',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** At most this many files per request, and about this many bytes. */
const LIMITS = { maxFiles: 10, maxBytes: 8 * 1024 * 1024 };
const CONCURRENCY = 3;

export interface BulkSection {
  readonly root: HTMLElement;
  add(files: File[]): void;
}

let singleton: BulkSection | null = null;

/** The one bulk section of the visit: it survives moving between pages, and so do its uploads. */
export function bulkSection(): BulkSection {
  return (singleton ??= createBulkSection());
}

function createBulkSection(): BulkSection {
  const overall = progressBar('Bulk upload progress');
  const summary = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Drop many images at once; they upload several per request, a few requests at a time.');
  const cancelBtn = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => uploads.forEach((u) => u.up.cancel()) }, 'Cancel');
  const clearBtn = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => clear() }, 'Clear list');
  const list = h('ol', { class: 'file-list', 'aria-label': 'Files' });
  overall.root.hidden = true;

  interface Batch {
    up: BulkUpload;
    rows: HTMLLIElement[];
    offset: number;
  }
  const uploads: Batch[] = [];
  const poller = new StatusPoller(
    (ids) => api.imagesById(ids),
    (key, status) => {
      const [b, i] = locate(key);
      if (!b) return;
      if (status === 'completed') b.up.setProcessing(i, 'done');
      else if (status === 'failed') b.up.setProcessing(i, 'failed', 'Processing failed');
      else if (status === 'gone') b.up.setProcessing(i, 'failed', 'The image was deleted');
      else if (status === 'processing') b.up.setProcessing(i, 'processing');
    },
    { maxIds: MAX_IMAGES_PER_REQUEST },
  );

  // Global key of a file = its batch offset + index, so one poller serves every batch.
  let nextOffset = 0;
  function locate(key: number): [Batch | undefined, number] {
    const b = uploads.find((u) => key >= u.offset && key < u.offset + u.up.entries.length);
    return [b, b ? key - b.offset : -1];
  }

  const batcher = frameBatcher<number>((keys) => {
    for (const key of keys) {
      const [b, i] = locate(key);
      if (b) paintRow(b.rows[i], b.up.entries[i]);
    }
    paintSummary();
  });

  function row(entry: FileEntry): HTMLLIElement {
    const li = h(
      'li',
      { class: 'file-row' },
      h('span', { class: 'file-name', title: entry.file.name }, entry.file.name),
      h('span', { class: 'file-size muted' }, formatBytes(entry.file.size)),
      h('span', { class: 'badge' }),
      h('span', { class: 'file-error' }),
    );
    paintRow(li, entry);
    return li;
  }

  function paintRow(li: HTMLLIElement, e: FileEntry): void {
    const label = e.status === 'uploading' ? `uploading ${percent(e.file.size ? e.loaded / e.file.size : 0)}%` : STATUS_TEXT[e.status];
    if (li.dataset.status !== e.status) li.dataset.status = e.status;
    const badge = li.children[2] as HTMLElement;
    if (badge.textContent !== label) badge.textContent = label;
    const err = li.children[3] as HTMLElement;
    const msg = e.status === 'failed' ? (e.error ?? '') : '';
    if (err.textContent !== msg) err.textContent = msg;
  }

  function paintSummary(): void {
    let total = 0;
    let bytes = 0;
    let loaded = 0;
    const c = { done: 0, failed: 0, cancelled: 0, uploading: 0, queued: 0, processing: 0, uploaded: 0 };
    for (const b of uploads) {
      const k = b.up.counts();
      total += k.total;
      for (const key of Object.keys(c) as (keyof typeof c)[]) c[key] += k[key];
      for (const e of b.up.entries) {
        if (e.status === 'cancelled') continue;
        bytes += e.file.size;
        loaded += e.status === 'queued' || e.status === 'uploading' ? e.loaded : e.file.size;
      }
    }
    const fraction = bytes ? loaded / bytes : total ? 1 : 0;
    overall.set(percent(fraction));
    const busy = uploads.some((b) => b.up.busy);
    const parts = [`${c.done} of ${total - c.cancelled} done`];
    if (c.uploading + c.queued) parts.push(`${c.uploading + c.queued} to upload`);
    if (c.uploaded + c.processing) parts.push(`${c.uploaded + c.processing} processing`);
    if (c.failed) parts.push(`${c.failed} failed`);
    if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
    summary.textContent = parts.join(' · ');
    summary.dataset.done = String(c.done);
    summary.dataset.total = String(total);
    cancelBtn.disabled = !busy;
    clearBtn.disabled = busy || total === 0;
  }

  function add(files: File[]): void {
    const images = files.filter((f) => f.type === '' || f.type.startsWith('image/'));
    if (images.length === 0) {
      summary.textContent = 'None of those files is an image.';
      return;
    }
    const up = new BulkUpload(images, (fs, onProgress, signal) => uploadImages(fs, onProgress, signal), { limits: LIMITS, concurrency: CONCURRENCY });
    const batch: Batch = { up, rows: [], offset: nextOffset };
    nextOffset += images.length;
    uploads.push(batch);
    // Build all rows once, off-document, in a single append.
    const frag = document.createDocumentFragment();
    batch.rows = up.entries.map((e) => {
      const r = row(e);
      frag.appendChild(r);
      return r;
    });
    list.appendChild(frag);
    overall.root.hidden = false;
    up.onChange((changed) => {
      for (const i of changed) {
        const e = up.entries[i];
        if ((e.status === 'uploaded' || e.status === 'processing') && e.imageId) poller.track(batch.offset + i, e.imageId);
        batcher.schedule(batch.offset + i);
      }
    });
    up.start();
    paintSummary();
  }

  function clear(): void {
    if (uploads.some((b) => b.up.busy)) return;
    uploads.length = 0;
    list.replaceChildren();
    overall.root.hidden = true;
    overall.set(0);
    summary.textContent = 'Drop many images at once; they upload several per request, a few requests at a time.';
    delete summary.dataset.done;
    delete summary.dataset.total;
    cancelBtn.disabled = true;
    clearBtn.disabled = true;
  }

  const zone = dropZone({ label: 'Choose images', hint: 'or drop hundreds of them here.', multiple: true, onFiles: add });

  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'bulk-h' },
    h('h2', { id: 'bulk-h' }, 'Bulk upload'),
    zone,
    h('div', { class: 'bulk-bar' }, overall.root, h('div', { class: 'actions' }, cancelBtn, clearBtn)),
    summary,
    list,
  );

  return { root, add };
}
