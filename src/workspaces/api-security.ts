import type { SecuritySchemeObject } from '@nestjs/swagger';

import { CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE } from './session-secret';

/**
 * The ways a caller proves who it is, as the OpenAPI document names them (AuthGuard is what
 * checks them). Routes list the ones they take through their access declaration (access.ts).
 */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A workspace API key, `pal_<prefix>_<secret>` (scope admin or ingest), as `Authorization: Bearer <key>`.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      "A person's console session, set by the one-time sign-in link (HttpOnly, SameSite=Lax). Changes made with it also need `csrf`.",
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'The `csrfToken` of GET /v1/me. Required beside the session cookie on every POST, PUT, PATCH and DELETE (403 without it); not used with an API key.',
  },
  accessToken: {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'The API key in the URL, for EventSource, which cannot send headers (only where a route says so).',
  },
} satisfies Record<string, SecuritySchemeObject>;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;
export type SecurityRequirement = Partial<Record<SecuritySchemeName, string[]>>;

/**
 * A route's requirements for its HTTP method: a session cookie on a state-changing request goes
 * with the CSRF header, as AuthGuard demands of every such request whatever the route.
 */
export function securityFor(method: string, requirements: SecurityRequirement[]): SecurityRequirement[] {
  if (SAFE_METHODS.has(method.toUpperCase())) return requirements;
  return requirements.map((r) => (r.session && !r.csrf ? { ...r, csrf: [] } : r));
}
