// Small PNG files made in the test itself, so no binary fixtures are needed.
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** An 8-bit RGB PNG whose pixel (x, y) is pixel(x, y) -> [r, g, b]. */
export function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** HSL (h in degrees, s and l in 0..1) to [r, g, b] bytes. */
export function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return [f(0), f(8), f(4)];
}

/** A solid, saturated colour of the given hue: its one dominant colour has that hue. */
export function solidPng(hue, width = 64, height = 48) {
  const rgb = hsl(hue, 0.8, 0.5);
  return png(width, height, () => rgb);
}

/** A photo-like picture: a sky-to-ground gradient with a sun, so grayscale visibly changes it. */
export function photoPng(width = 320, height = 200) {
  return png(width, height, (x, y) => {
    const dx = x - width * 0.7;
    const dy = y - height * 0.3;
    if (dx * dx + dy * dy < (height * 0.12) ** 2) return [255, 214, 90];
    if (y > height * 0.65) return [40 + ((x * 3) % 30), 110 + (y % 20), 50];
    const t = y / height;
    return [Math.round(70 + 120 * t), Math.round(130 + 60 * t), Math.round(230 - 40 * t)];
  });
}
