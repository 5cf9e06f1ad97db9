/** Home: convert one image at once (upload -> job -> live progress -> result), and the bulk uploader below. */
import { api, fetchResult, type ImageInfo, uploadImages, watchJob } from '../api';
import { operationForm } from '../components/opform';
import { renderResult } from '../components/result';
import { h, progressBar } from '../dom';
import { applyJobEvent, type Job } from '../lib/jobs';
import { operationDef } from '../lib/params';
import { formatBytes } from '../lib/progress';
import { bulkSection } from './bulk';
import { dropZone } from '../components/dropzone';

export function convertPage(container: HTMLElement): () => void {
  const form = operationForm();
  const upload = progressBar('Upload progress');
  const jobBar = progressBar('Job progress');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Pick or drop an image to start.');
  const resultBox = h('div', { class: 'result-box', 'aria-live': 'polite' });
  const again = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => void runJob() }, 'Run again on this image');
  upload.root.hidden = true;
  jobBar.root.hidden = true;

  let current: { abort: AbortController; stopWatch?: () => void } | null = null;
  let lastImage: ImageInfo | null = null;
  let resultUrl: string | null = null;
  let run = 0;

  // One bulk uploader for the whole visit: leaving the page does not stop it.
  const bulk = bulkSection();

  const zone = dropZone({
    label: 'Choose an image',
    hint: 'or drop one here. It is uploaded and converted at once. Several files go to Bulk upload below.',
    multiple: false,
    onFiles: (files) => {
      if (files.length > 1) bulk.add(files);
      else void start(files[0]);
    },
  });

  void api
    .operations()
    .then((names) => form.setAvailable(names))
    .catch(() => {
      /* keep the built-in list */
    });

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'convert-h' },
      h('h1', { id: 'convert-h' }, 'Convert'),
      h('div', { class: 'convert-grid' }, h('div', null, zone, h('div', { class: 'bars' }, upload.root, jobBar.root), status, again), form.root),
      resultBox,
    ),
    bulk.root,
  );

  function reset(): void {
    current?.abort.abort();
    current?.stopWatch?.();
    current = null;
    if (resultUrl) URL.revokeObjectURL(resultUrl);
    resultUrl = null;
    resultBox.replaceChildren();
  }

  function fail(message: string): void {
    status.textContent = message;
    status.className = 'status error';
  }

  async function start(file: File): Promise<void> {
    const built = form.build();
    if (Object.keys(built.errors).length) {
      fail('Fix the highlighted parameters, then pick the file again.');
      return;
    }
    reset();
    const my = ++run;
    const abort = new AbortController();
    current = { abort };
    lastImage = null;
    again.hidden = true;
    jobBar.root.hidden = true;
    upload.root.hidden = false;
    upload.set(0);
    status.className = 'status';
    status.textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;
    try {
      const { images } = await uploadImages([file], (loaded, total) => upload.set((loaded / total) * 99), abort.signal);
      if (my !== run) return;
      upload.set(100);
      if (!images?.[0]) throw new Error('The server did not return the image.');
      lastImage = images[0];
    } catch (err) {
      if (my === run) {
        upload.root.hidden = true;
        fail((err as Error).message);
      }
      return;
    }
    await runJob();
  }

  async function runJob(): Promise<void> {
    const image = lastImage;
    if (!image) return;
    const built = form.build();
    if (Object.keys(built.errors).length) {
      fail('Fix the highlighted parameters.');
      return;
    }
    const my = ++run;
    current?.stopWatch?.();
    if (resultUrl) URL.revokeObjectURL(resultUrl);
    resultUrl = null;
    resultBox.replaceChildren();
    again.hidden = true;
    const operation = form.operation();
    const label = operationDef(operation).label;
    jobBar.root.hidden = false;
    jobBar.set(0);
    status.className = 'status';
    status.textContent = `${label}: queued…`;
    let job: Job;
    try {
      const jobs = await api.createJobs([image.id], operation, built.params);
      if (!jobs[0]) throw new Error('The server did not create a job.');
      job = jobs[0];
    } catch (err) {
      if (my === run) {
        fail((err as Error).message);
        again.hidden = false;
      }
      return;
    }
    if (my !== run) return;
    const stopWatch = watchJob(job, (event) => {
      if (my !== run) return;
      job = applyJobEvent(job, event);
      jobBar.set(job.progress);
      if (job.status === 'failed') {
        fail(`${label} failed: ${job.error ?? 'no reason given'}`);
        again.hidden = false;
      } else if (job.status === 'succeeded') {
        status.textContent = `${label}: done. Loading the result…`;
        void showResult(job, label, my);
      } else {
        status.textContent = `${label}: ${job.status} ${Math.round(job.progress)}%`;
      }
    });
    if (current) current.stopWatch = stopWatch;
    else current = { abort: new AbortController(), stopWatch };
  }

  async function showResult(job: Job, label: string, my: number): Promise<void> {
    try {
      const result = await fetchResult(job);
      if (my !== run) {
        if (result.kind === 'image') URL.revokeObjectURL(result.url);
        return;
      }
      if (result.kind === 'image') resultUrl = result.url;
      resultBox.replaceChildren(renderResult(result, `${label} of ${lastImage?.filename ?? 'your image'}`));
      status.textContent = `${label}: done.`;
    } catch (err) {
      if (my === run) fail(`Could not load the result: ${(err as Error).message}`);
    }
    again.hidden = false;
  }

  return () => {
    run++;
    reset();
  };
}
