// sharp's half of compare.sh: the cases of dev.darkroom.bench.SideBySide, by the same names,
// timed alike (a short warm-up, then the median of repeated runs), printed as "case<TAB>ms".
//
//     NODE_PATH=target/bench-node/node_modules node src/bench/sharp_bench.mjs target/bench
//
// sharp is libvips: JPEG shrink-on-load for thumbnails and its own thread pool (both cores here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'target', 'bench-node', 'package.json'));
const sharp = require('sharp');
sharp.cache(false);   // otherwise repeated runs of one pipeline are answered from libvips' cache

// CLOCK=cpu: the process's CPU time (libvips' threads included) instead of the wall clock.
const clock = process.env.CLOCK === 'cpu'
  ? () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; }
  : () => performance.now();

async function medianMs(work) {
  for (let i = 0; i < 2; i++) await work();
  const times = [];
  const deadline = performance.now() + 2000;
  while (times.length < 5 || (performance.now() < deadline && times.length < 30)) {
    const start = clock();
    await work();
    times.push(clock() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const folder = process.argv[2] ?? 'target/bench';
const only = process.argv.slice(3);
const jpeg4 = readFileSync(join(folder, 'photo-4mp.jpg'));
const jpeg14 = readFileSync(join(folder, 'photo-14mp.jpg'));
const more = Object.fromEntries(['5k', '5k-progressive', 'icc', '24mp']
  .map((name) => [name, readFileSync(join(folder, `photo-${name}.jpg`))]));
const { data: raw4, info } = await sharp(jpeg4).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const pixels4 = () => sharp(raw4, { raw: { width: info.width, height: info.height, channels: info.channels } });

const cases = {
  'thumbnail-4mp': () => sharp(jpeg4).resize(320, 320, { fit: 'inside' }).raw().toBuffer(),
  'thumbnail-14mp': () => sharp(jpeg14).resize(320, 320, { fit: 'inside' }).raw().toBuffer(),
  'decode-4mp': () => sharp(jpeg4).raw().toBuffer(),
  'decode-14mp': () => sharp(jpeg14).raw().toBuffer(),
  ...Object.fromEntries(Object.entries(more).flatMap(([name, jpeg]) => [
    [`thumbnail-${name}`, () => sharp(jpeg).resize(320, 320, { fit: 'inside' }).raw().toBuffer()],
    [`decode-${name}`, () => sharp(jpeg).raw().toBuffer()],
  ])),
  'grayscale-4mp': () => pixels4().grayscale().raw().toBuffer(),
  'gaussian-blur-5-4mp': () => pixels4().blur(5).raw().toBuffer(),
  'median-filter-3-4mp': () => pixels4().median(3).raw().toBuffer(),
  // Quality 80 at libwebp's default effort (4), as Darkroom's encoder uses it.
  'webp-q80-encode-4mp': () => pixels4().webp({ quality: 80, effort: 4 }).toBuffer(),
};
for (const [name, work] of Object.entries(cases)) {
  if (only.length === 0 || only.includes(name)) {
    console.log(`${name}\t${(await medianMs(work)).toFixed(1)}`);
  }
}
if (only.length === 0 || only.includes('webp-q80-size-kb-4mp')) {
  // Not a time: the encoded size in KB, set beside Darkroom's.
  console.log(`webp-q80-size-kb-4mp\t${((await cases['webp-q80-encode-4mp']()).length / 1024).toFixed(1)}`);
}
