/** RFC 9457 problem details: what to tell the user when a request fails. */

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly status: number;
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
      return {
        status,
        type: typeof o.type === 'string' ? o.type : undefined,
        title: typeof o.title === 'string' ? o.title : undefined,
        detail: typeof o.detail === 'string' ? o.detail : undefined,
      };
    } catch {
      /* not JSON after all */
    }
  }
  return { status };
}

/** The sentence for the user: the server's `detail`, else its `title`, else a stock phrase. */
export function problemMessage(p: Problem): string {
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
