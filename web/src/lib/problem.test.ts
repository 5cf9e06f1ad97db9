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
