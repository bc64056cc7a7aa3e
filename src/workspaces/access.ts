import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';

import type { SecuritySchemeName } from './api-security';
import type { Permission } from './permissions';

const ACCESS_KEY = 'palaute:access';
const QUERY_TOKEN_KEY = 'palaute:query-token';

/**
 * Who may call a route, as declared on its handler (or its controller). A route that declares
 * nothing is closed to everyone: AuthGuard answers 403, and a test walks every route to find one.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | {
      kind: 'permission';
      permission: Permission;
      /** The handler narrows its answer to the caller's team (see TeamScope), so agents may call it. */
      teamScoped: boolean;
      /** Written to the audit log on success: by default every call but a GET; a string names the action. */
      audit?: boolean | string;
    };

/** The OpenAPI security of a route: each scheme is one way in (the CSRF header is added per method, see api-security.ts). */
const documentedSecurity = (schemes: SecuritySchemeName[]) => schemes.map((name) => ApiSecurity(name));

/** The route needs this permission (403 problem+json naming it otherwise). */
export const RequirePermission = (
  permission: Permission,
  options: { teamScoped?: boolean; audit?: boolean | string } = {},
) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, {
      kind: 'permission',
      permission,
      teamScoped: options.teamScoped ?? false,
      audit: options.audit,
    } satisfies RouteAccess),
    ...documentedSecurity(['apiKey', 'session']),
    ApiExtension('x-permission', permission),
  );

/** Marks a route (survey page, unsubscribe, health, sign-in) that takes no credentials. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies RouteAccess);

/**
 * Any caller with a valid key or session (GET /v1/me, sign-out). `sessionOnly` documents a route
 * that answers a key with a 400 (signing out ends a session; a key is revoked instead).
 */
export const SignedIn = (options: { sessionOnly?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'signed-in' } satisfies RouteAccess),
    ...documentedSecurity(options.sessionOnly ? ['session'] : ['apiKey', 'session']),
  );

/**
 * Lets one route also take the key as `?access_token=` (RFC 6750 §2.3), for browser EventSource,
 * which cannot send headers. Opt-in per route because a key in a URL can end up in proxy logs and
 * browser history; the header still wins when both are sent, and problem bodies mask the parameter.
 */
export const AllowQueryToken = () =>
  applyDecorators(SetMetadata(QUERY_TOKEN_KEY, true), ...documentedSecurity(['accessToken']));

type Handler = ReturnType<ExecutionContext['getHandler']>;
type ControllerClass = ReturnType<ExecutionContext['getClass']>;

/** What a handler declared; the handler's own declaration wins over its controller's. */
export function routeAccess(
  reflector: Reflector,
  handler: Handler,
  controller: ControllerClass,
): RouteAccess | undefined {
  return reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [handler, controller]);
}

export function allowsQueryToken(reflector: Reflector, handler: Handler, controller: ControllerClass): boolean {
  return reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, [handler, controller]) === true;
}
