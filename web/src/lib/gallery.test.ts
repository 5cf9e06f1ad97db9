import { describe, expect, it } from 'vitest';
import { type GalleryImage, hueDistance, initialGalleryState, matchesHue, more, parseServerMessage, pickHue, query, receive, remove, type ServerMessage } from './gallery';

const img = (id: string, ...hues: number[]): GalleryImage => ({
  id,
  thumbnailUrl: `/api/images/${id}/thumbnail`,
  width: 10,
  height: 10,
  colors: hues.map((hue) => ({ hex: '#000000', hue })),
});

const images = (queryId: number, list: GalleryImage[], reset = true, hasMore = false): ServerMessage => ({ type: 'images', queryId, reset, images: list, hasMore });

describe('hue matching', () => {
  it('measures round the wheel', () => {
    expect(hueDistance(350, 10)).toBe(20);
    expect(hueDistance(10, 350)).toBe(20);
    expect(hueDistance(0, 180)).toBe(180);
    expect(hueDistance(-10, 10)).toBe(20);
    expect(hueDistance(720, 0)).toBe(0);
  });

  it('matches when any colour is within tolerance', () => {
    expect(matchesHue(img('a', 120, 355), 5, 10)).toBe(true);
    expect(matchesHue(img('a', 120, 200), 5, 10)).toBe(false);
    expect(matchesHue(img('a'), 5, 10)).toBe(false);
  });
});

describe('parseServerMessage', () => {
  it('reads each type and drops junk', () => {
    expect(parseServerMessage(JSON.stringify(images(1, [img('a', 1)])))?.type).toBe('images');
    expect(parseServerMessage('{"type":"deleted","id":"x"}')).toEqual({ type: 'deleted', id: 'x' });
    expect(parseServerMessage('{"type":"added","image":{"id":1}}')).toBeNull();
    expect(parseServerMessage('{"type":"error"}')).toMatchObject({ type: 'error', message: 'Unknown error' });
    expect(parseServerMessage('nope')).toBeNull();
    expect(parseServerMessage('{"type":"images","images":[]}')).toBeNull();
  });
});

describe('gallery state', () => {
  it('queries with increasing ids and normalises the hue', () => {
    const a = query(initialGalleryState(), 370);
    expect(a.send).toEqual({ type: 'query', hue: 10, queryId: 1 });
    const b = query(a.state, -20);
    expect(b.send).toEqual({ type: 'query', hue: 340, queryId: 2 });
  });

  it('the slider settling on the hue already asked for asks nothing, so the grid is not rebuilt', () => {
    const opened = query(initialGalleryState(200), 200).state;
    const same = pickHue(opened, 560);
    expect(same.send).toBeUndefined();
    expect(same.state).toBe(opened);
    expect(pickHue(opened, 201).send).toEqual({ type: 'query', hue: 201, queryId: 2 });
    // Before any query (the socket not open yet) the slider's hue is asked for.
    expect(pickHue(initialGalleryState(200), 200).send).toEqual({ type: 'query', hue: 200, queryId: 1 });
  });

  it('drops answers to an older query', () => {
    let s = query(initialGalleryState(), 0).state;
    s = query(s, 100).state;
    const step = receive(s, images(1, [img('a', 0)]));
    expect(step.changes).toEqual([]);
    expect(step.state.images).toEqual([]);
  });

  it('resets, then appends pages without duplicates', () => {
    let s = query(initialGalleryState(), 0).state;
    let step = receive(s, images(1, [img('a', 0), img('b', 0)], true, true));
    expect(step.changes[0]).toMatchObject({ kind: 'reset' });
    s = step.state;
    expect(s.pending).toBe(false);
    const m = more(s);
    expect(m.send).toEqual({ type: 'more', queryId: 1 });
    expect(more(m.state).send).toBeUndefined(); // one at a time
    step = receive(m.state, images(1, [img('b', 0), img('c', 0)], false, false));
    expect(step.state.images.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(step.changes).toEqual([{ kind: 'append', images: [img('c', 0)] }]);
    expect(more(step.state).send).toBeUndefined(); // no more pages
  });

  it('adds live uploads that match, once', () => {
    let s = receive(query(initialGalleryState(), 200).state, images(1, [])).state;
    const hit = receive(s, { type: 'added', image: img('n', 195) });
    expect(hit.changes).toEqual([{ kind: 'prepend', image: img('n', 195) }]);
    s = hit.state;
    expect(receive(s, { type: 'added', image: img('n', 195) }).changes).toEqual([]);
    expect(receive(s, { type: 'added', image: img('m', 20) }).changes).toEqual([]);
  });

  it('removes on delete, here or elsewhere, and a late page does not bring it back', () => {
    let s = receive(query(initialGalleryState(), 0).state, images(1, [img('a', 0), img('b', 0)], true, true)).state;
    const del = remove(s, 'a');
    expect(del.send).toEqual({ type: 'delete', id: 'a' });
    expect(del.changes).toEqual([{ kind: 'remove', id: 'a' }]);
    s = del.state;
    const other = receive(s, { type: 'deleted', id: 'b' });
    expect(other.changes).toEqual([{ kind: 'remove', id: 'b' }]);
    s = more(other.state).state;
    const late = receive(s, images(1, [img('a', 0), img('c', 0)], false));
    expect(late.state.images.map((i) => i.id)).toEqual(['c']);
    // the broadcast of our own delete is harmless
    expect(receive(late.state, { type: 'deleted', id: 'a' }).changes).toEqual([]);
  });

  it('a refused delete re-queries so the image comes back', () => {
    let s = receive(query(initialGalleryState(), 0).state, images(1, [img('a', 0)])).state;
    s = remove(s, 'a').state;
    const step = receive(s, { type: 'error', message: 'nope', id: 'a' });
    expect(step.send).toEqual({ type: 'query', hue: 0, queryId: 2 });
    expect(step.state.deleted.has('a')).toBe(false);
    expect(step.changes).toEqual([{ kind: 'error', message: 'nope' }]);
  });

  it('an error frees the pager', () => {
    const s = query(initialGalleryState(), 0).state;
    expect(s.pending).toBe(true);
    expect(receive(s, { type: 'error', message: 'x', queryId: 1 }).state.pending).toBe(false);
  });

  it('takes the tolerance the server reports', () => {
    const s = receive(query(initialGalleryState(), 0).state, { ...images(1, []), tolerance: 40 } as ServerMessage).state;
    expect(receive(s, { type: 'added', image: img('z', 35) }).changes).toHaveLength(1);
  });
});
