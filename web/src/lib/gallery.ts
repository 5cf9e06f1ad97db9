/** Client state of the /ws/gallery protocol (see web/PROTOCOL.md). Pure: the page applies the returned changes to the DOM. */

export interface GalleryColor {
  readonly hex: string;
  readonly hue: number;
  readonly weight?: number;
}

export interface GalleryImage {
  readonly id: string;
  readonly thumbnailUrl: string;
  readonly width: number;
  readonly height: number;
  readonly colors: readonly GalleryColor[];
  readonly createdAt?: string;
}

export type ServerMessage =
  | { type: 'images'; queryId: number; reset: boolean; images: GalleryImage[]; hasMore: boolean; hue?: number; tolerance?: number }
  | { type: 'added'; image: GalleryImage }
  | { type: 'deleted'; id: string }
  | { type: 'error'; message: string; queryId?: number; id?: string };

export type ClientMessage =
  | { type: 'query'; hue: number; queryId: number; tolerance?: number }
  | { type: 'more'; queryId: number }
  | { type: 'delete'; id: string };

/** Server-side default tolerance in degrees, also the client's when the server does not say. */
export const DEFAULT_TOLERANCE = 20;
export const PAGE_SIZE = 20;

/** Shortest way round the colour wheel between two hues, 0..180. */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return Math.min(d, 360 - d);
}

export function matchesHue(image: Pick<GalleryImage, 'colors'>, hue: number, tolerance = DEFAULT_TOLERANCE): boolean {
  return image.colors.some((c) => hueDistance(c.hue, hue) <= tolerance);
}

function isImage(v: unknown): v is GalleryImage {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.thumbnailUrl === 'string' && Array.isArray(o.colors);
}

/** Parses and checks one server frame; null for junk, which the caller ignores. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(data);
    if (typeof v !== 'object' || v === null) return null;
    o = v as Record<string, unknown>;
  } catch {
    return null;
  }
  switch (o.type) {
    case 'images':
      if (typeof o.queryId !== 'number' || !Array.isArray(o.images)) return null;
      return {
        type: 'images',
        queryId: o.queryId,
        reset: o.reset === true,
        images: o.images.filter(isImage).map(normalizeImage),
        hasMore: o.hasMore === true,
        hue: typeof o.hue === 'number' ? o.hue : undefined,
        tolerance: typeof o.tolerance === 'number' ? o.tolerance : undefined,
      };
    case 'added':
      return isImage(o.image) ? { type: 'added', image: normalizeImage(o.image) } : null;
    case 'deleted':
      return typeof o.id === 'string' ? { type: 'deleted', id: o.id } : null;
    case 'error':
      return {
        type: 'error',
        message: typeof o.message === 'string' ? o.message : 'Unknown error',
        queryId: typeof o.queryId === 'number' ? o.queryId : undefined,
        id: typeof o.id === 'string' ? o.id : undefined,
      };
    default:
      return null;
  }
}

function normalizeImage(img: GalleryImage): GalleryImage {
  return {
    ...img,
    width: Number(img.width) || 0,
    height: Number(img.height) || 0,
    colors: img.colors.filter((c) => c && typeof c.hue === 'number' && typeof c.hex === 'string'),
  };
}

/** What the view must do after a message. */
export type Change =
  | { kind: 'reset'; images: readonly GalleryImage[] }
  | { kind: 'append'; images: readonly GalleryImage[] }
  | { kind: 'prepend'; image: GalleryImage }
  | { kind: 'remove'; id: string }
  | { kind: 'error'; message: string };

export interface GalleryState {
  readonly hue: number;
  readonly tolerance: number;
  /** Id of the query whose answers are wanted; answers to older queries are stale. */
  readonly queryId: number;
  readonly images: readonly GalleryImage[];
  readonly hasMore: boolean;
  /** A query or `more` was sent and not yet answered. */
  readonly pending: boolean;
  /** Ids deleted here or elsewhere, so a late page does not bring them back. */
  readonly deleted: ReadonlySet<string>;
}

export function initialGalleryState(hue = 0, tolerance = DEFAULT_TOLERANCE): GalleryState {
  return { hue, tolerance, queryId: 0, images: [], hasMore: false, pending: false, deleted: new Set() };
}

export interface Step {
  readonly state: GalleryState;
  readonly send?: ClientMessage;
  readonly changes: readonly Change[];
}

/** A hue as the protocol sends it: a whole number of degrees, 0..359. */
function wholeHue(hue: number): number {
  return ((Math.round(hue) % 360) + 360) % 360;
}

/** A new hue (or the same hue again after reconnect): a fresh query id, answers to older ids are dropped. */
export function query(state: GalleryState, hue: number): Step {
  const h = wholeHue(hue);
  const queryId = state.queryId + 1;
  return {
    state: { ...state, hue: h, queryId, pending: true, hasMore: false },
    send: { type: 'query', hue: h, queryId },
    changes: [],
  };
}

/**
 * The slider settled on a hue. The same hue as the query already made asks nothing: answering it
 * again would rebuild every tile, dropping a "Delete?" the user has open (the page opens on the
 * hue it last showed, so its first query and a slider event for that hue often meet).
 */
export function pickHue(state: GalleryState, hue: number): Step {
  const h = wholeHue(hue);
  if (state.queryId > 0 && h === state.hue) return { state, changes: [] };
  return query(state, h);
}

/** Asks for the next page unless one is on its way or there is none. */
export function more(state: GalleryState): Step {
  if (state.pending || !state.hasMore || state.queryId === 0) return { state, changes: [] };
  return { state: { ...state, pending: true }, send: { type: 'more', queryId: state.queryId }, changes: [] };
}

/** Deletes at once here (optimistic) and tells the server. */
export function remove(state: GalleryState, id: string): Step {
  const deleted = new Set(state.deleted).add(id);
  const images = state.images.filter((i) => i.id !== id);
  return {
    state: { ...state, images, deleted },
    send: { type: 'delete', id },
    changes: images.length !== state.images.length ? [{ kind: 'remove', id }] : [],
  };
}

export function receive(state: GalleryState, msg: ServerMessage): Step {
  switch (msg.type) {
    case 'images': {
      if (msg.queryId !== state.queryId) return { state, changes: [] };
      const tolerance = msg.tolerance ?? state.tolerance;
      const fresh = msg.images.filter((i) => !state.deleted.has(i.id));
      if (msg.reset) {
        const images = dedupe(fresh);
        return { state: { ...state, tolerance, images, hasMore: msg.hasMore, pending: false }, changes: [{ kind: 'reset', images }] };
      }
      const known = new Set(state.images.map((i) => i.id));
      const added = dedupe(fresh.filter((i) => !known.has(i.id)));
      return {
        state: { ...state, tolerance, images: [...state.images, ...added], hasMore: msg.hasMore, pending: false },
        changes: added.length ? [{ kind: 'append', images: added }] : [],
      };
    }
    case 'added': {
      const img = msg.image;
      if (state.queryId === 0 || state.deleted.has(img.id) || state.images.some((i) => i.id === img.id)) return { state, changes: [] };
      if (!matchesHue(img, state.hue, state.tolerance)) return { state, changes: [] };
      return { state: { ...state, images: [img, ...state.images] }, changes: [{ kind: 'prepend', image: img }] };
    }
    case 'deleted': {
      const deleted = new Set(state.deleted).add(msg.id);
      const images = state.images.filter((i) => i.id !== msg.id);
      return { state: { ...state, images, deleted }, changes: images.length !== state.images.length ? [{ kind: 'remove', id: msg.id }] : [] };
    }
    case 'error': {
      if (msg.id !== undefined && state.deleted.has(msg.id)) {
        // Our delete was refused: forget it and reload the current hue so the image comes back.
        const deleted = new Set(state.deleted);
        deleted.delete(msg.id);
        const again = query({ ...state, deleted }, state.hue);
        return { ...again, changes: [{ kind: 'error', message: msg.message }] };
      }
      // An error that answers our pending query/more frees the pager so the user can try again.
      const pending = msg.queryId === undefined || msg.queryId === state.queryId ? false : state.pending;
      return { state: { ...state, pending }, changes: [{ kind: 'error', message: msg.message }] };
    }
  }
}

function dedupe(images: readonly GalleryImage[]): GalleryImage[] {
  const seen = new Set<string>();
  return images.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

/** CSS colour of a hue for the preview swatch. */
export function hueColor(hue: number): string {
  return `hsl(${hue} 85% 55%)`;
}
