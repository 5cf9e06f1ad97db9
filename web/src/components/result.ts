/** Shows a job's result: an image, ASCII art, or colour swatches. */
import type { JobResult } from '../api';
import { h } from '../dom';

export function renderResult(result: JobResult, caption: string): HTMLElement {
  switch (result.kind) {
    case 'image':
      return h(
        'figure',
        { class: 'result result-image' },
        h('img', { src: result.url, alt: `Result: ${caption}` }),
        h('figcaption', null, caption, ' · ', h('a', { href: result.url, download: result.filename ?? `darkroom-result.${result.contentType.includes('jpeg') ? 'jpg' : result.contentType.includes('webp') ? 'webp' : 'png'}` }, 'Download')),
      );
    case 'text':
      return h(
        'figure',
        { class: 'result result-text' },
        h('pre', { class: 'ascii', tabIndex: 0, 'aria-label': `Result: ${caption}` }, result.text),
        h('figcaption', null, caption),
      );
    case 'colors':
      return h(
        'figure',
        { class: 'result result-colors' },
        h(
          'ul',
          { class: 'swatches', 'aria-label': `Result: ${caption}` },
          ...result.colors.map((c) =>
            h(
              'li',
              { class: 'swatch' },
              h('span', { class: 'chip', style: { background: c.hex }, 'aria-hidden': 'true' }),
              h('code', null, c.hex),
              h('span', { class: 'muted' }, `hue ${Math.round(c.hue)}° · ${Math.round((c.weight ?? 0) * 100)}%`),
            ),
          ),
        ),
        h('figcaption', null, caption),
      );
  }
}
