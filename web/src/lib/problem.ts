/** RFC 9457 problem details: what to tell the user when a request fails. */

/** One member of a problem's `errors`: where in the request, and what is wrong there. */
export interface FieldProblem {
  readonly pointer: string;
  readonly detail: string;
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly status: number;
  readonly errors?: readonly FieldProblem[];
  /** An upload's problem lists what it stored before it stopped, and what it refused (by index). */
  readonly images?: readonly unknown[];
  readonly rejected?: readonly unknown[];
}

const FALLBACK: Record<number, string> = {
  0: 'The server could not be reached.',
  404: 'Not found.',
  413: 'The file is too large.',
  415: 'This is not an image the server can read.',
  422: 'The image has too many pixels.',
  429: 'Too many requests; try again shortly.',
  503: 'The service is busy; try again shortly.',
};

/** Reads a failed response's body; never throws. */
export function parseProblem(status: number, body: string, contentType: string | null): Problem {
  if (body && (contentType?.includes('json') ?? body.trimStart().startsWith('{'))) {
    try {
      const o = JSON.parse(body) as Record<string, unknown>;
      const errors = Array.isArray(o.errors)
        ? (o.errors as unknown[]).filter((e): e is FieldProblem => typeof e === 'object' && e !== null && typeof (e as FieldProblem).pointer === 'string' && typeof (e as FieldProblem).detail === 'string')
        : [];
      return {
        status,
        type: typeof o.type === 'string' ? o.type : undefined,
        title: typeof o.title === 'string' ? o.title : undefined,
        detail: typeof o.detail === 'string' ? o.detail : undefined,
        ...(errors.length ? { errors } : {}),
        ...(Array.isArray(o.images) ? { images: o.images as unknown[] } : {}),
        ...(Array.isArray(o.rejected) ? { rejected: o.rejected as unknown[] } : {}),
      };
    } catch {
      /* not JSON after all */
    }
  }
  return { status };
}

/** A JSON pointer as a person reads it: `/params/maxWidth` → `maxWidth`, `/imageIds/0` → `imageIds 1`. */
export function pointerName(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const named = parts[0] === 'params' && parts.length > 1 ? parts.slice(1) : parts;
  return named.map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p)).join(' ') || 'the request';
}

/**
 * The sentence for the user: each wrong field by name (`label` may name it better than its
 * pointer, e.g. "Max width"), else the server's `detail`, else its `title`, else a stock phrase.
 */
export function problemMessage(p: Problem, label?: (pointer: string) => string | undefined): string {
  if (p.errors?.length) return p.errors.map((e) => `${label?.(e.pointer) ?? pointerName(e.pointer)}: ${e.detail}`).join('; ');
  return p.detail || p.title || FALLBACK[p.status] || `Request failed (HTTP ${p.status}).`;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problemMessage(problem));
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}
