import { describe, expect, it } from 'vitest';
import { ApiError, parseProblem, problemMessage } from './problem';

describe('problem details', () => {
  it('shows the detail', () => {
    const p = parseProblem(415, '{"type":"about:blank","title":"Unsupported Media Type","detail":"cat.txt is not an image","status":415}', 'application/problem+json');
    expect(problemMessage(p)).toBe('cat.txt is not an image');
    expect(new ApiError(p).status).toBe(415);
  });

  it('falls back to title, then a stock phrase', () => {
    expect(problemMessage(parseProblem(500, '{"title":"Oops"}', 'application/problem+json'))).toBe('Oops');
    expect(problemMessage(parseProblem(413, '<html>', 'text/html'))).toBe('The file is too large.');
    expect(problemMessage(parseProblem(418, '', null))).toBe('Request failed (HTTP 418).');
  });
});

describe('invalid parameters', () => {
  const body = JSON.stringify({
    type: '/problems/invalid-parameters',
    title: 'Invalid parameters',
    status: 400,
    detail: '2 problems: /params/maxWidth: must be between 1 and 4096, got 5000; /imageIds/0: not a UUID',
    errors: [
      { pointer: '/params/maxWidth', detail: 'must be between 1 and 4096, got 5000' },
      { pointer: '/imageIds/0', detail: 'not a UUID' },
    ],
  });

  it('names each field instead of showing raw pointers', () => {
    const p = parseProblem(400, body, 'application/problem+json');
    expect(p.errors).toHaveLength(2);
    expect(problemMessage(p)).toBe('maxWidth: must be between 1 and 4096, got 5000; imageIds 1: not a UUID');
    expect(problemMessage(p, (ptr) => (ptr === '/params/maxWidth' ? 'Max width' : undefined))).toBe('Max width: must be between 1 and 4096, got 5000; imageIds 1: not a UUID');
  });
});
