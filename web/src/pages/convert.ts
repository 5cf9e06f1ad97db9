/** Home: convert one image at once (upload -> job -> live progress -> result), and the bulk uploader below. */
import { api, type ImageInfo, uploadImages } from '../api';
import { operationForm } from '../components/opform';
import { jobRunner } from '../components/runner';
import { h, progressBar } from '../dom';
import { formatBytes } from '../lib/progress';
import { bulkSection } from './bulk';
import { dropZone } from '../components/dropzone';

export function convertPage(container: HTMLElement): () => void {
  const form = operationForm();
  const runner = jobRunner(form, 'Pick or drop an image to start.');
  const upload = progressBar('Upload progress');
  const open = h('p', { class: 'muted', hidden: true });
  upload.root.hidden = true;

  let uploading: AbortController | null = null;
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

  void loadOperations();

  async function loadOperations(): Promise<void> {
    try {
      form.setCatalog(await api.operations());
    } catch (err) {
      runner.say(`Could not load the operations: ${(err as Error).message}. Reload the page to try again.`, true);
    }
  }

  container.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'convert-h' },
      h('h1', { id: 'convert-h' }, 'Convert'),
      h('div', { class: 'convert-grid' }, h('div', null, zone, h('div', { class: 'bars' }, upload.root), runner.controls, open), form.root),
      runner.resultBox,
    ),
    bulk.root,
  );

  async function start(file: File): Promise<void> {
    uploading?.abort();
    runner.reset();
    upload.root.hidden = true;
    open.hidden = true;
    const { errors } = form.build();
    if (Object.keys(errors).length) {
      runner.say(`${file.name} was not uploaded: ${errors.operation ?? 'fix the highlighted parameters, then pick the file again'}.`, true);
      return;
    }
    const my = ++run;
    const abort = new AbortController();
    uploading = abort;
    open.hidden = true;
    upload.root.hidden = false;
    upload.set(0);
    runner.say(`Uploading ${file.name} (${formatBytes(file.size)})…`);
    let image: ImageInfo;
    try {
      const { images } = await uploadImages([file], (loaded, total) => upload.set((loaded / total) * 99), abort.signal);
      if (my !== run) return;
      upload.set(100);
      if (!images?.[0]) throw new Error('The server did not return the image.');
      image = images[0];
    } catch (err) {
      if (my === run) {
        upload.root.hidden = true;
        runner.say((err as Error).message, true);
      }
      return;
    }
    open.replaceChildren('It is in the collection now: ', h('a', { href: `/images/${encodeURIComponent(image.id)}`, 'data-link': '' }, 'open it there'), ' to run more operations on it later.');
    open.hidden = false;
    await runner.run({ id: image.id, name: image.filename ?? file.name });
  }

  return () => {
    run++;
    uploading?.abort();
    runner.dispose();
  };
}
