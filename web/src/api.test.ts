import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';

describe('api.imagesById', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('names every image in one GET /api/images?ids= and answers its images', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ images: [{ id: 'b', status: 'completed' }], next: null }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const images = await api.imagesById(['a', 'b']);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]).toEqual(['/api/images?ids=a,b', expect.objectContaining({ headers: expect.objectContaining({ Accept: 'application/json' }) })]);
    expect(images.map((i) => i.id)).toEqual(['b']);
  });
});
