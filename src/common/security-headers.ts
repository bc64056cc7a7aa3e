import type { IncomingMessage, ServerResponse } from 'node:http';

import helmet from 'helmet';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type Directives = Record<string, string[]>;

const NONE = ["'none'"];
const SELF = ["'self'"];

/** JSON answers: nothing in them may load, run or be framed. */
const API_POLICY: Directives = { defaultSrc: NONE, frameAncestors: NONE, baseUri: NONE, formAction: NONE };

/** The console (served at /app): its own scripts and styles only, no inline code, never framed. */
const CONSOLE_POLICY: Directives = {
  defaultSrc: SELF,
  scriptSrc: SELF,
  styleSrc: SELF,
  imgSrc: [...SELF, 'data:'],
  fontSrc: SELF,
  connectSrc: SELF,
  objectSrc: NONE,
  baseUri: NONE,
  formAction: SELF,
  frameAncestors: NONE,
};

/** Swagger UI (/docs) ships inline <style> blocks and data: images; its scripts are files of ours. */
const DOCS_POLICY: Directives = {
  ...CONSOLE_POLICY,
  styleSrc: [...SELF, "'unsafe-inline'"],
  fontSrc: [...SELF, 'data:'],
};

/** The dev outbox (zero-config runs only) previews emails as they are, inline styles and remote images included. */
const DEV_POLICY: Directives = {
  defaultSrc: NONE,
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ['*', 'data:'],
  formAction: SELF,
  frameAncestors: NONE,
  baseUri: NONE,
};

/** Which policy a path gets. The reply pages (/s/, /u/) set a stricter one of their own, with their stylesheet's hash. */
export function contentSecurityPolicyFor(path: string): 'api' | 'console' | 'docs' | 'dev' {
  if (path === '/app' || path.startsWith('/app/') || path.startsWith('/app?')) return 'console';
  if (path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs?')) return 'docs';
  if (path.startsWith('/dev/')) return 'dev';
  return 'api';
}

type Headers = Array<[name: string, value: string]>;

/** The headers a helmet middleware sets, read once from a stand-in response. */
function headersOf(middleware: Middleware): Headers {
  const headers: Headers = [];
  const stub = {
    setHeader: (name: string, value: string) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  middleware({ url: '/', method: 'GET', headers: {} } as IncomingMessage, stub, (err) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
  });
  return headers;
}

/**
 * Security headers on every response, Express's or not: nosniff, no referrer (page URLs carry
 * tokens), no framing, same-origin resource and opener policies, and a Content-Security-Policy
 * chosen by path. HSTS only when the service is reached over https (PUBLIC_BASE_URL), and without
 * includeSubDomains: the service does not know what else runs on its parent domain.
 *
 * helmet decides the headers and validates the policies; it runs once, at start, and each request
 * gets the resulting list (a dozen middlewares per request would cost the ingest path for nothing:
 * the values never change).
 */
export function createSecurityHeaders(options: { hsts: boolean }): (res: ServerResponse, path: string) => void {
  const base = headersOf(
    helmet({
      contentSecurityPolicy: false,
      strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }) as Middleware,
  );
  const withPolicy = (directives: Directives): Headers => [
    ...base,
    ...headersOf(helmet.contentSecurityPolicy({ useDefaults: false, directives }) as Middleware),
  ];
  const byPolicy = {
    api: withPolicy(API_POLICY),
    console: withPolicy(CONSOLE_POLICY),
    docs: withPolicy(DOCS_POLICY),
    dev: withPolicy(DEV_POLICY),
  };
  return (res, path) => {
    for (const [name, value] of byPolicy[contentSecurityPolicyFor(path)]) res.setHeader(name, value);
  };
}
