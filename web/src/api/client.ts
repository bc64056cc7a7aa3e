import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from './schema';

/** A problem+json answer (RFC 9457) the screens can show: its title, detail and the fields it names. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: Array<{ path: string; message: string }> = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

let csrfToken: string | null = null;

/** Set from GET /v1/me: every change made with the session cookie carries it (the API refuses it otherwise). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** The typed client of the public API (paths generated from /docs-json by `npm run openapi`), same origin, cookie auth. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** Unwraps an openapi-fetch result: the data, or an ApiProblem carrying what the API said. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as ProblemBody;
  throw new ApiProblem(response.status, body.title ?? response.statusText, body.detail, body.errors ?? []);
}
