/**
 * Who the web app is signed in as (GET /api/session), and the sign-in link the service prints at
 * its first start (`/?key=…`). The key itself never stays in the page: it is traded for an HttpOnly
 * session cookie, and taken out of the address bar at once so it is neither bookmarked nor shared.
 */

export interface Session {
  readonly owner: string;
  readonly ownerName: string | null;
  readonly keyName: string | null;
  readonly scopes: readonly string[];
  /** The instance asks for no keys (darkroom.security.anonymous): there is nothing to sign out of. */
  readonly anonymous: boolean;
}

/** GET /api/session's body; null when it is not one. */
export function parseSession(body: unknown): Session | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as Record<string, unknown>;
  if (typeof o.owner !== 'string') return null;
  return {
    owner: o.owner,
    ownerName: typeof o.ownerName === 'string' ? o.ownerName : null,
    keyName: typeof o.keyName === 'string' ? o.keyName : null,
    scopes: Array.isArray(o.scopes) ? o.scopes.filter((s): s is string => typeof s === 'string') : [],
    anonymous: o.anonymous === true,
  };
}

/** The key a sign-in link carries, and the same address without it (other parameters and the hash kept). */
export function takeKeyFromUrl(href: string): { key: string | null; cleaned: string } {
  const url = new URL(href);
  const key = url.searchParams.get('key');
  if (key === null) return { key: null, cleaned: href };
  url.searchParams.delete('key');
  return { key: key.trim(), cleaned: url.pathname + url.search + url.hash };
}

/** "alice (laptop)": the owner, and the key in use, for the header. */
export function describeSession(s: Session): string {
  const who = s.ownerName ?? `owner ${s.owner.slice(0, 8)}`;
  return s.keyName ? `${who} (${s.keyName})` : who;
}

/** Whether the session may change things (upload, run, delete), not only look. */
export function canWrite(s: Session): boolean {
  return s.scopes.includes('write');
}
