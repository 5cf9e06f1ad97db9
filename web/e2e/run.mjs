// End-to-end tests of the web app against a running Darkroom service.
//   DARKROOM_URL=http://localhost:8080 DARKROOM_KEY_FILE=.darkroom/admin-key npm run e2e
// The key file is the one the service writes the admin key it makes at its first start to; the
// first scenario signs the browser in with the link the service prints, as a person would.
// Uses Debian's Chromium through playwright-core (no browser download). Screenshots go to ../target/e2e/.
import { createHmac } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { photoPng, solidPng } from './png.mjs';

const BASE = (process.env.DARKROOM_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, '../../target/e2e');
// A build reads the outcome this run writes (see verdict()); none is left from an earlier run.
if (process.env.DARKROOM_E2E_OUTCOME) await rm(process.env.DARKROOM_E2E_OUTCOME, { force: true });
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUN = Date.now().toString(36);
const KEY_FILE = process.env.DARKROOM_KEY_FILE ?? '.darkroom/admin-key';
/** Where the webhooks scenario receives events: the service must list localhost:HOOK_PORT in darkroom.webhooks.allowed-hosts. */
const HOOK_PORT = Number(process.env.DARKROOM_HOOK_PORT ?? 18181);
/** The admin key, read once the service has made it (see awaitKey). */
let KEY = '';

// A hue for this run, so images left by earlier runs rarely crowd ours out; its opposite is far away.
const HUE = Math.floor(Math.random() * 360);
const OPPOSITE = (HUE + 180) % 360;

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function api(pathname, init) {
  const res = await fetch(BASE + pathname, { ...init, headers: { Authorization: `Bearer ${KEY}`, ...init?.headers } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${pathname}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Uploads PNGs straight to the API and returns their ids (seeding for the gallery tests). Each file
 * becomes an image of its own, even one with the same bytes as another (two tiles of one hue):
 * duplicates=keep, since the service otherwise answers such a file with the image already stored.
 */
async function uploadPngs(files) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.buffer], { type: 'image/png' }), f.name);
  const { images } = await api('/api/images?duplicates=keep', { method: 'POST', body: form });
  assert(images.length === files.length, `uploaded ${files.length}, got ${images.length} back`);
  return images.map((i) => i.id);
}

/** Waits until the service has finished processing the images (their colours are known then). */
async function waitProcessed(ids, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  const left = new Set(ids);
  while (left.size) {
    for (const id of [...left]) {
      const img = await api(`/api/images/${id}`);
      if (img.status === 'completed') left.delete(id);
      else if (img.status === 'failed') throw new Error(`image ${id} failed to process`);
    }
    if (!left.size) break;
    if (Date.now() > end) throw new Error(`images not processed in time: ${[...left].join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function setHue(page, hue) {
  await page.locator('input[type=range]#hue').evaluate((el, h) => {
    el.value = String(h);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, hue);
}

/** A gallery tile's delete button (the tile itself is a link to the image's page). */
const tile = (page, id) => page.locator(`.gallery li[data-id="${id}"] button.tile-delete`);

/** Waits until every thumbnail shown has loaded, so the service's thumbnail URLs answer and the screenshot shows them. */
async function thumbnailsLoaded(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.gallery img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10_000 });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const scenarios = [
  {
    name: 'sign in: the link the service printed signs the browser in, and the key leaves the address bar',
    async run(page) {
      await page.goto(`${BASE}/jobs`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
      await page.getByLabel('API key').fill('drk_not-a-key-anyone-was-given');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('This key is not known').waitFor({ timeout: 15_000 });
      await shot(page, '0-sign-in-refused');

      await page.goto(`${BASE}/?key=${encodeURIComponent(KEY)}`);
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
      assert(!page.url().includes('key='), `the key is out of the address: ${page.url()}`);
      assert((await page.locator('.who-name').textContent())?.includes('first admin key'), 'the header names the key');
      const cookies = await page.context().cookies(BASE);
      const session = cookies.find((c) => c.name === 'darkroom_session');
      assert(session?.httpOnly && session.sameSite === 'Strict', `an HttpOnly, SameSite=Strict session cookie: ${JSON.stringify(session)}`);
      assert(!cookies.some((c) => c.value.includes(KEY)), 'no cookie holds the key');
      assert(!(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).includes(KEY), 'no storage holds the key');
      await shot(page, '0-signed-in');
    },
  },
  {
    name: 'convert: upload a photo, the job bar reaches 100 and the result image appears',
    async run(page) {
      await page.goto(`${BASE}/`);
      // Every status line the page shows, to check the job's stage and time left were among them.
      await page.locator('.status[role=status]').first().waitFor();
      await page.evaluate(() => {
        window.__statusLines = [];
        const status = document.querySelector('.status[role=status]');
        new MutationObserver(() => window.__statusLines.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
      });
      const submitted = page.waitForRequest((req) => req.url().endsWith('/api/jobs') && req.method() === 'POST');
      await page.getByLabel('Operation', { exact: true }).selectOption('grayscale');
      await page.locator('input[type=file]:not([multiple])').setInputFiles({ name: `photo-${RUN}.png`, mimeType: 'image/png', buffer: photoPng() });
      const body = JSON.parse((await submitted).postData() ?? '{}');
      assert(body.priority === 'high', `a single run from the web app is interactive work: ${JSON.stringify(body)}`);
      const upload = page.getByRole('progressbar', { name: 'Upload progress' });
      await page.waitForFunction(() => document.querySelector('progress[aria-label="Upload progress"]')?.value === 100, null, { timeout: 30_000 });
      assert((await upload.getAttribute('value')) === '100', 'upload bar at 100');
      await page.waitForFunction(() => document.querySelector('progress[aria-label="Job progress"]')?.value === 100, null, { timeout: 60_000 });
      const img = page.locator('.result img');
      await img.waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForFunction(() => {
        const i = document.querySelector('.result img');
        return i && i.complete && i.naturalWidth > 0;
      }, null, { timeout: 10_000 });
      assert(/Result/.test((await img.getAttribute('alt')) ?? ''), 'result image has an alt text');
      const lines = await page.evaluate(() => window.__statusLines);
      // A small photo may be done before its first event arrives; whatever was shown of it in
      // between names a stage (or its place in line), never a bare status.
      const between = lines.filter((line) => /: (queued|running|downloading|decoding|processing|encoding|storing)\b/.test(line) && !line.endsWith('queued…'));
      assert(between.every((line) => /: (queued(, .* in line)?|(running|downloading|decoding|processing|encoding|storing) \d+%(, about .* left)?)$/.test(line)),
        `progress lines name the stage: ${JSON.stringify(lines)}`);
      await shot(page, 'a-convert');
    },
  },
  {
    name: 'gallery: changing the hue shows the matching images',
    async run(page) {
      const near = await uploadPngs([0, 1].map((i) => ({ name: `hue-${HUE}-${RUN}-${i}.png`, buffer: solidPng(HUE) })));
      const far = await uploadPngs([{ name: `hue-${OPPOSITE}-${RUN}.png`, buffer: solidPng(OPPOSITE) }]);
      await waitProcessed([...near, ...far]);
      await page.goto(`${BASE}/gallery`);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
      await setHue(page, HUE);
      for (const id of near) await tile(page, id).waitFor({ state: 'visible', timeout: 15_000 });
      assert((await tile(page, far[0]).count()) === 0, 'an image of the opposite hue is not shown');
      await thumbnailsLoaded(page);
      await shot(page, 'b-gallery-hue');
      await setHue(page, OPPOSITE);
      await tile(page, far[0]).waitFor({ state: 'visible', timeout: 15_000 });
      for (const id of near) await tile(page, id).waitFor({ state: 'detached', timeout: 15_000 });
    },
  },
  {
    name: 'gallery: a photo uploaded while the gallery is open appears there, its thumbnail loaded, without a reload',
    async run(page) {
      await page.goto(`${BASE}/gallery`);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
      await setHue(page, HUE);
      const [arrived] = await uploadPngs([{ name: `live-${HUE}-${RUN}.png`, buffer: solidPng(HUE) }]);
      const [elsewhere] = await uploadPngs([{ name: `live-${OPPOSITE}-${RUN}.png`, buffer: solidPng(OPPOSITE) }]);
      await tile(page, arrived).waitFor({ state: 'visible', timeout: 30_000 });
      await waitProcessed([elsewhere]);
      // Both announced in the order they completed; the one of the other hue is not shown.
      await page.waitForTimeout(500);
      assert((await tile(page, elsewhere).count()) === 0, 'an image of the opposite hue does not arrive');
      await thumbnailsLoaded(page);
      await shot(page, 'b-gallery-live');
    },
  },
  {
    name: 'gallery: a clicked image is gone, also after a reload; its open question survives a reconnect',
    async run(page) {
      const ids = await uploadPngs([0, 1].map((i) => ({ name: `del-${HUE}-${RUN}-${i}.png`, buffer: solidPng(HUE) })));
      await waitProcessed(ids);
      const [victim, survivor] = ids;
      // The page's sockets, so that the scenario can drop its connection as a network would.
      await page.addInitScript(() => {
        const Native = window.WebSocket;
        window.__sockets = [];
        window.WebSocket = class extends Native {
          constructor(...args) {
            super(...args);
            window.__sockets.push(this);
          }
        };
      });
      await page.goto(`${BASE}/gallery`);
      await setHue(page, HUE);
      await tile(page, victim).waitFor({ state: 'visible', timeout: 15_000 });
      // × asks first; Keep takes it back, Delete deletes.
      await tile(page, victim).click();
      const keep = page.getByRole('button', { name: `Keep image ${victim}` });
      await keep.waitFor({ state: 'visible', timeout: 5_000 });
      // A reconnect asks the hue afresh; its answer must not close the question the user has open.
      const opened = await page.evaluate(() => {
        window.__sockets.forEach((s) => s.close());
        return window.__sockets.length;
      });
      await page.waitForFunction((n) => window.__sockets.length > n && window.__sockets.at(-1).readyState === WebSocket.OPEN
        && document.querySelector('.gallery')?.getAttribute('aria-busy') === 'false', opened, { timeout: 30_000 });
      assert(await keep.isVisible(), 'the open "Delete?" survives a reconnect');
      assert(await page.evaluate(() => document.activeElement?.classList.contains('tile-confirm')), 'the focus stays on its Delete button');
      await keep.click();
      await tile(page, victim).waitFor({ state: 'visible', timeout: 5_000 });
      await tile(page, victim).click();
      await shot(page, 'c-gallery-confirm');
      await page.getByRole('button', { name: `Confirm: delete image ${victim}` }).click();
      await tile(page, victim).waitFor({ state: 'detached', timeout: 5_000 });
      // Give the server a moment to store the soft delete, then ask afresh.
      await page.waitForTimeout(500);
      await page.reload();
      await setHue(page, HUE);
      await tile(page, survivor).waitFor({ state: 'visible', timeout: 15_000 });
      assert((await tile(page, victim).count()) === 0, 'the deleted image stays deleted after a reload');
      await thumbnailsLoaded(page);
      await shot(page, 'c-gallery-deleted');
    },
  },
  {
    name: 'collection: any operation runs on an image already stored, and the caption names the filter',
    async run(page) {
      const name = `stored-${RUN}.png`;
      const [id] = await uploadPngs([{ name, buffer: photoPng() }]);
      await waitProcessed([id]);
      await page.goto(`${BASE}/images`);
      const link = page.locator(`.collection li[data-id="${id}"] a`);
      await link.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForFunction((i) => document.querySelector(`.collection li[data-id="${i}"] img`)?.naturalWidth > 0, id, { timeout: 10_000 });
      await shot(page, 'e-collection');
      await link.click();
      await page.getByRole('heading', { name }).waitFor({ timeout: 15_000 });
      await page.getByLabel('Operation', { exact: true }).selectOption('filter');
      await page.getByLabel('Filter', { exact: true }).selectOption('GaussianBlur');
      await page.getByLabel('Radius').fill('3');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('progress[aria-label="Job progress"]')?.value === 100, null, { timeout: 60_000 });
      await page.waitForFunction(() => {
        const i = document.querySelector('.result img');
        return i && i.complete && i.naturalWidth > 0;
      }, null, { timeout: 30_000 });
      const caption = await page.locator('.result figcaption').textContent();
      assert(caption.includes(`Gaussian blur filter of ${name}`), `caption names the filter and the image: ${caption}`);
      const download = await page.locator('.result figcaption a').getAttribute('download');
      assert(download === `stored-${RUN}-GaussianBlur.png`, `the download is named by the server: ${download}`);
      await shot(page, 'f-image-operation');

      // A rule the schema cannot say (rank within size²) is the server's to refuse: shown at the field, by name.
      await page.getByLabel('Filter', { exact: true }).selectOption('RankFilter');
      await page.getByLabel('Window size').fill('3');
      await page.getByLabel('Rank', { exact: false }).last().fill('20');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('.field-error', { hasText: 'must be between 0 and 8' }).waitFor({ timeout: 10_000 });
      const refused = await page.locator('.status.error').first().textContent();
      assert(refused.includes('Rank: must be between 0 and 8') && !refused.includes('/params/'), `the server's problem reads well: ${refused}`);
      assert((await page.locator('.result').count()) === 0, 'the earlier result is cleared when a request fails');
      await shot(page, 'f2-image-refused');

      // The jobs page shows that job with the image's thumbnail and name, not a UUID.
      await page.goto(`${BASE}/jobs`);
      const row = page.locator('.job', { hasText: name }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      assert((await row.locator('strong').textContent()) === 'Gaussian blur filter', 'the job is named by its filter');
      await page.waitForFunction((n) => [...document.querySelectorAll('.job')].some((j) => j.textContent.includes(n) && j.querySelector('img.job-thumb')?.naturalWidth > 0), name, { timeout: 10_000 });
      await shot(page, 'g-jobs');
    },
  },
  {
    name: 'jobs: a running job is cancelled from the jobs page, and offered again',
    async run(page) {
      const [image] = await uploadPngs([{ name: `slow-${RUN}.png`, buffer: solidPng(HUE, 2400, 1600) }]);
      const { jobs } = await api('/api/jobs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ imageIds: [image], operation: 'filter', params: { name: 'MedianFilter', size: 25 } }),
      });
      const id = jobs[0].id;
      await page.goto(`${BASE}/jobs`);
      const row = page.locator(`.job[data-id="${id}"]`);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.getByRole('button', { name: /^Cancel / }).click();
      await page.waitForFunction((jobId) => document.querySelector(`.job[data-id="${jobId}"]`)?.dataset.status === 'cancelled', id, { timeout: 15_000 });
      await row.getByRole('button', { name: /^Retry / }).waitFor({ timeout: 5_000 });
      const stored = await api(`/api/jobs/${id}`);
      assert(stored.status === 'cancelled', `the service says ${stored.status}`);
      assert(stored.retryable === true, 'a cancelled job may be run again');
      await shot(page, 'i-job-cancelled');
    },
  },
  {
    name: 'jobs: "Older jobs" pages back with the list\'s next, until there are no older ones',
    async run(page) {
      // More jobs than the page shows at first (50): 55 tiny images, one job each, in one request.
      const ids = await uploadPngs(Array.from({ length: 55 }, (_, i) => ({ name: `older-${RUN}-${i}.png`, buffer: solidPng((i * 7) % 360, 8, 8) })));
      const { jobs } = await api('/api/jobs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ imageIds: ids, operation: 'colors' }),
      });
      const mine = jobs.map((j) => j.id);
      // Jobs made by one request share their time, so the list orders them by id: ask which are on page 1.
      const first = new Set((await api('/api/jobs?limit=50')).jobs.map((j) => j.id));
      const later = mine.filter((id) => !first.has(id));
      assert(later.length === 5, `5 of the 55 are on a later page, not ${later.length}`);
      await page.goto(`${BASE}/jobs`);
      await page.locator(`.job[data-id="${[...first][0]}"]`).waitFor({ state: 'visible', timeout: 15_000 });
      assert((await page.locator('.job').count()) === 50, `the first page shows 50 jobs, not ${await page.locator('.job').count()}`);
      for (const id of later) assert((await page.locator(`.job[data-id="${id}"]`).count()) === 0, `job ${id} waits for a later page`);
      const older = page.getByRole('button', { name: 'Older jobs' });
      await older.click();
      for (const id of later) await page.locator(`.job[data-id="${id}"]`).waitFor({ state: 'visible', timeout: 15_000 });
      for (const id of mine) assert((await page.locator(`.job[data-id="${id}"]`).count()) === 1, `job ${id} is shown once`);
      // Follow it to the end: the button goes once the service says there is no next page.
      for (let i = 0; i < 20 && (await older.isVisible()); i++) {
        await older.click();
        await page.waitForTimeout(300);
      }
      assert(!(await older.isVisible()), 'no "Older jobs" on the last page');
      await shot(page, 'j-jobs-older');
    },
  },
  {
    name: 'convert: a parameter out of range is refused at its field, and the old result goes',
    async run(page) {
      await page.goto(`${BASE}/`);
      await page.getByLabel('Operation', { exact: true }).selectOption('grayscale');
      await page.locator('input[type=file]:not([multiple])').setInputFiles({ name: `first-${RUN}.png`, mimeType: 'image/png', buffer: photoPng() });
      await page.locator('.result img').waitFor({ state: 'visible', timeout: 60_000 });

      await page.getByLabel('Operation', { exact: true }).selectOption('thumbnail');
      await page.getByLabel('Max width').fill('5000');
      await page.locator('input[type=file]:not([multiple])').setInputFiles({ name: `second-${RUN}.png`, mimeType: 'image/png', buffer: photoPng() });
      await page.getByText('At most 4096').waitFor({ timeout: 5_000 });
      assert((await page.locator('.result').count()) === 0, 'the earlier result is cleared');
      assert(!(await page.getByRole('progressbar', { name: 'Job progress' }).isVisible()), 'the earlier progress is gone too');
      const status = await page.locator('.status.error').first().textContent();
      assert(!status.includes('/params/'), `no raw pointer is shown: ${status}`);
      await shot(page, 'h-convert-refused');
    },
  },
  {
    name: 'bulk: 30 files upload and all reach done',
    async run(page) {
      // How the page follows its uploads: many images a request, not one request per image.
      const lookups = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (r.method() === 'GET' && /^\/api\/images(\/[^/]+)?$/.test(url.pathname)) lookups.push(url);
      });
      await page.goto(`${BASE}/`);
      const files = Array.from({ length: 30 }, (_, i) => ({
        name: `bulk-${RUN}-${String(i).padStart(2, '0')}.png`,
        mimeType: 'image/png',
        buffer: solidPng((i * 12) % 360, 48 + i, 32),
      }));
      await page.locator('input[type=file][multiple]').setInputFiles(files);
      await page.waitForFunction(() => document.querySelectorAll('.file-list .file-row').length === 30, null, { timeout: 10_000 });
      await page.waitForFunction(
        () => document.querySelectorAll('.file-list .file-row[data-status="done"]').length === 30 || document.querySelector('.file-list .file-row[data-status="failed"]'),
        null,
        { timeout: 120_000 },
      );
      const failed = await page.locator('.file-list .file-row[data-status="failed"]').allTextContents();
      assert(failed.length === 0, `failed files: ${failed.join(' | ')}`);
      const bar = await page.getByRole('progressbar', { name: 'Bulk upload progress' }).getAttribute('value');
      assert(bar === '100', `bulk bar at 100, got ${bar}`);
      const summary = await page.locator('[data-done]').getAttribute('data-done');
      assert(summary === '30', `summary says ${summary} done`);
      const single = lookups.filter((u) => u.pathname !== '/api/images');
      assert(single.length === 0, `no image followed by a request of its own: ${single.slice(0, 3).join(' ')}`);
      const batches = lookups.filter((u) => u.searchParams.has('ids')).map((u) => u.searchParams.get('ids').split(','));
      assert(batches.length > 0 && batches.every((ids) => ids.length <= 100), `followed in requests of up to 100 ids: ${batches.map((b) => b.length).join(',')}`);
      assert(batches.length < 30, `fewer follow-up requests than files: ${batches.length}`);
      await shot(page, 'd-bulk');
    },
  },
  {
    name: 'webhooks: add an endpoint, see its secret once, get an event, resend it, delete the endpoint',
    async run(page) {
      const receiver = await hookReceiver();
      try {
        const hookUrl = `http://localhost:${HOOK_PORT}/hook-${RUN}`;
        await page.goto(`${BASE}/webhooks`);
        await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor({ timeout: 15_000 });
        await page.getByRole('link', { name: 'Webhooks' }).and(page.locator('[aria-current=page]')).waitFor();
        // The checkboxes are the event types the service's OpenAPI document declares.
        const declared = (await (await fetch(`${BASE}/v3/api-docs`)).json()).components.schemas.WebhookEvent.properties.type.enum;
        await page.getByLabel('job.succeeded', { exact: true }).waitFor({ timeout: 15_000 });
        const offered = await page.locator('.hook-form input[name=events]').evaluateAll((inputs) => inputs.map((i) => i.value));
        assert(JSON.stringify(offered) === JSON.stringify(declared), `offered ${offered}, declared ${declared}`);

        // No event chosen: the service's problem is shown at the events, not in a banner.
        await page.getByLabel('URL').fill(hookUrl);
        await page.getByRole('button', { name: 'Add endpoint' }).click();
        const eventsError = page.locator('.hook-form fieldset .field-error');
        await eventsError.filter({ hasText: 'Events: is required' }).waitFor({ timeout: 10_000 });
        assert((await page.locator('.hook-form > .field .field-error').textContent()) === '', 'nothing is said about the URL');
        await shot(page, 'k-webhook-refused');

        await page.getByLabel('job.succeeded', { exact: true }).check();
        await page.getByRole('button', { name: 'Add endpoint' }).click();
        const secretBox = page.getByRole('region', { name: 'Signing secret' });
        await secretBox.getByText('Shown only now').waitFor({ timeout: 10_000 });
        const secret = (await secretBox.locator('code.secret').textContent()) ?? '';
        assert(secret.length > 16, `the secret is shown: ${secret}`);
        assert((await eventsError.textContent()) === '', 'the earlier problem is cleared');
        const row = page.locator('.hook', { hasText: hookUrl });
        await row.waitFor();
        assert((await row.locator('.hook-types').textContent()) === 'job.succeeded', 'the endpoint lists its event type');
        await shot(page, 'k-webhook-secret');

        // A job that succeeds is reported to the endpoint, signed with that secret.
        const [image] = await uploadPngs([{ name: `hook-${RUN}.png`, buffer: solidPng(HUE) }]);
        const { jobs } = await api('/api/jobs', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ imageIds: [image], operation: 'grayscale', params: {} }),
        });
        const job = jobs[0].id;
        const first = await receiver.next((e) => e.body.data?.id === job, 60_000);
        assert(first.body.type === 'job.succeeded', `the job's success is reported: ${JSON.stringify(first.body).slice(0, 200)}`);
        assert(verified(secret, first), 'the event is signed with the secret shown');

        // Shown only then: a reload has the endpoint, and no secret anywhere.
        await page.reload();
        await row.waitFor({ timeout: 15_000 });
        assert(!(await page.content()).includes(secret), 'the secret is not shown again');
        const delivered = page.locator(`.deliveries tr[data-subject="${job}"][data-status="delivered"]`);
        await delivered.waitFor({ timeout: 15_000 });
        // Its attempts open from their count: the receiver's answer (its 204) is there.
        await delivered.locator('details.attempts summary').click();
        const attempt = await delivered.locator('details.attempts li').first().textContent();
        assert(/HTTP 2\d\d · delivered/.test(attempt ?? ''), `the attempt shows the receiver's answer: ${attempt}`);
        await delivered.getByRole('button', { name: 'Resend' }).click();
        await page.locator(`.deliveries tr[data-subject="${job}"]`).nth(1).waitFor({ timeout: 10_000 });
        // The resend is the same event, under the same id.
        await receiver.next((e) => e.body.id === first.body.id, 30_000);
        await page.waitForFunction((id) => [...document.querySelectorAll(`.deliveries tr[data-subject="${id}"]`)].every((r) => r.dataset.status === 'delivered'), job, { timeout: 15_000 });
        await shot(page, 'k-webhooks');

        await row.getByRole('button', { name: /^Delete endpoint/ }).click();
        await row.getByRole('group', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Keep' }).click();
        await row.getByRole('button', { name: /^Delete endpoint/ }).click();
        await row.getByRole('button', { name: /^Confirm: delete endpoint/ }).click();
        await row.waitFor({ state: 'detached', timeout: 10_000 });
        const { webhooks } = await api('/api/webhooks');
        assert(!webhooks.some((w) => w.url === hookUrl), 'the service no longer has the endpoint');
      } finally {
        receiver.close();
      }
    },
  },
  {
    name: 'hostile page: a page on another origin, with the session cookie, can neither delete nor open a socket',
    async run(page) {
      const [image] = await uploadPngs([{ name: `victim-${RUN}.png`, buffer: solidPng(HUE, 2400, 1600) }]);
      // Slow enough to be still queued or running when the page tries to cancel it.
      const { jobs } = await api('/api/jobs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ imageIds: [image], operation: 'filter', params: { name: 'MedianFilter', size: 25 } }),
      });
      const server = await hostilePage(image, jobs[0].id);
      try {
        await page.goto(`${new URL(BASE).protocol}//${new URL(BASE).hostname}:${server.address().port}/`);
        await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('finished'), null, { timeout: 30_000 });
        const log = await page.locator('#log').textContent();
        await shot(page, 'f-hostile-page');
        assert(log.includes('cancel: sent'), `the browser sent the cancel, cookie and all: ${log}`);
        assert(!/: open/.test(log) && !/: message/.test(log), `no socket opened: ${log}`);
        const job = await api(`/api/jobs/${jobs[0].id}`);
        assert(job.status !== 'cancelled', `the job was not cancelled: ${job.status}`);
        const still = await api(`/api/images/${image}`);
        assert(still.id === image, 'the image is still there');
        await api(`/api/jobs/${jobs[0].id}/cancel`, { method: 'POST' }).catch(() => {});
      } finally {
        server.close();
      }
    },
  },
  {
    name: 'sign out: the app returns to the sign-in page, and the cookie no longer works',
    async run(page) {
      await page.goto(`${BASE}/images`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
      const status = await page.evaluate(async () => (await fetch('/api/images')).status);
      assert(status === 401, `signed out, /api/images answers ${status}`);
      await shot(page, 'g-signed-out');
    },
  },
];

/**
 * The admin key the service made at its first start. It writes the file a moment after it is up,
 * and a file left by an earlier run names a key the reset database no longer has; so wait until
 * the file names a key the service accepts.
 */
async function awaitKey(timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const key = (await readFile(KEY_FILE, 'utf8').catch(() => '')).trim();
    if (key) {
      const res = await fetch(`${BASE}/api/session`, { headers: { Authorization: `Bearer ${key}` } }).catch(() => null);
      if (res?.ok) return key;
    }
    if (Date.now() > end) throw new Error(`no working admin key in ${KEY_FILE} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A page on another origin: the same host on another port, which is the same site as far as
 * cookies go, so the browser sends the session cookie along. It does what such a page can without
 * CORS: a "simple" POST that needs no preflight (cancel a job), and WebSockets, which CORS does
 * not cover at all (delete an image over /ws/gallery, follow every job over /ws/jobs). It writes
 * down what happened.
 */
function hostilePage(imageId, jobId) {
  const ws = BASE.replace(/^http/, 'ws');
  const html = `<!doctype html><title>Not Darkroom</title><h1>Free wallpapers</h1><pre id="log"></pre><script>
    const log = (line) => { document.getElementById('log').textContent += line + '\\n'; };
    (async () => {
      await fetch('${BASE}/api/jobs/${jobId}/cancel', { method: 'POST', mode: 'no-cors', credentials: 'include' })
        .then(() => log('cancel: sent'), () => log('cancel: not sent'));
      const frames = { '/ws/gallery': { type: 'delete', id: '${imageId}' }, '/ws/jobs': { type: 'subscribe', all: true } };
      for (const [path, frame] of Object.entries(frames)) {
        await new Promise((done) => {
          const socket = new WebSocket('${ws}' + path);
          socket.onopen = () => { log(path + ': open'); socket.send(JSON.stringify(frame)); setTimeout(() => socket.close(), 2000); };
          socket.onmessage = (m) => log(path + ': message ' + m.data.slice(0, 80));
          socket.onclose = (e) => { log(path + ': closed ' + e.code); done(); };
        });
      }
      log('finished');
    })();
  </script>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, () => resolve(server)));
}

/**
 * A webhook receiver on localhost:HOOK_PORT: answers every POST 204, and `next(wanted, timeout)`
 * gives the first event received, or to come, that `wanted` accepts (other work of the run's may
 * end while it listens).
 */
function hookReceiver() {
  const received = [];
  let waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(204).end();
      const raw = Buffer.concat(chunks).toString('utf8');
      const event = { headers: req.headers, raw, body: JSON.parse(raw) };
      const waiter = waiters.find((w) => w.wanted(event));
      if (waiter) (waiters = waiters.filter((w) => w !== waiter), waiter.take(event));
      else received.push(event);
    });
  });
  const next = (wanted, timeoutMs) => {
    const i = received.findIndex(wanted);
    if (i >= 0) return Promise.resolve(received.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such webhook event within ${timeoutMs / 1000} s; got ${received.map((e) => e.body.type).join(', ') || 'none'}`)), timeoutMs);
      waiters.push({ wanted, take: (e) => (clearTimeout(timer), resolve(e)) });
    });
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(HOOK_PORT, () => resolve({ next, close: () => server.close() }));
  });
}

/** Whether an event's Darkroom-Signature is the HMAC-SHA256 of "<t>.<body>" with this secret. */
function verified(secret, event) {
  const fields = Object.fromEntries(String(event.headers['darkroom-signature'] ?? '').split(',').map((p) => p.split('=', 2)));
  const expected = createHmac('sha256', secret).update(`${fields.t}.${event.raw}`).digest('hex');
  return fields.v1 === expected;
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  KEY = await awaitKey();
  const profile = await mkdtemp(path.join(tmpdir(), 'darkroom-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  let passed = 0;
  let failed = 0;
  console.log(`Darkroom e2e against ${BASE} (hue ${HUE})`);
  try {
    for (const s of scenarios) {
      const page = await context.newPage();
      const logs = [];
      page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
      page.on('pageerror', (e) => logs.push(String(e)));
      const started = Date.now();
      try {
        await s.run.call(s, page);
        // The service's Content-Security-Policy must not stop anything the app does.
        const refused = logs.filter((l) => /Content Security Policy/i.test(l));
        if (refused.length) throw new Error(`the page broke its Content-Security-Policy:\n${refused.join('\n')}`);
        passed++;
        console.log(`ok - ${s.name} (${Date.now() - started} ms)`);
      } catch (err) {
        failed++;
        console.log(`not ok - ${s.name}\n  ${String(err?.stack ?? err).split('\n').join('\n  ')}`);
        if (logs.length) console.log(`  page errors:\n    ${logs.join('\n    ')}`);
        await page.screenshot({ path: path.join(SHOTS, `failed-${scenarios.indexOf(s)}.png`), fullPage: true }).catch(() => {});
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  await verdict(`${passed} passed, ${failed} failed`, failed === 0);
}

/**
 * The outcome, for the build to act on after it has stopped the service (e2e/verdict.mjs): a
 * build that failed here, before stopping it, left the service running and holding its ports, and
 * the next build could not start its own. Without DARKROOM_E2E_OUTCOME (a run by hand) the exit
 * code says it.
 */
async function verdict(summary, ok) {
  if (process.env.DARKROOM_E2E_OUTCOME) {
    await writeFile(process.env.DARKROOM_E2E_OUTCOME, `${ok ? 'passed' : 'failed'}: ${summary}\n`);
    process.exit(0);
  }
  process.exit(ok ? 0 : 1);
}

main().catch(async (err) => {
  console.error(err);
  console.log(`0 passed, ${scenarios.length} failed`);
  await verdict(`the run stopped: ${err?.message ?? err}`, false);
});
