import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import { forbidden, missingPermission, Problem, unauthorized } from '../common/problem';
import { HttpLimits } from '../limits/http-limits';
import { quotaExceeded } from '../limits/rate-limit-headers';
import { allowsQueryToken, routeAccess } from './access';
import { decideAccess } from './permissions';
import { AuthedRequest, grantsOf, holderOf, Principal } from './principal';
import { CSRF_HEADER, csrfMatches, readCookie, SAFE_METHODS, SESSION_COOKIE } from './session-secret';
import { SessionsService } from './sessions.service';
import { WorkspacesService } from './workspaces.service';

// Routes have long imported these from here; the declarations live in access.ts.
export { AllowQueryToken, Public } from './access';

/**
 * Runs before every route. Callers are an API key (`Authorization: Bearer`, or `?access_token=`
 * where a route allows it) or a person's session cookie; a state-changing request on a cookie
 * also carries the session's `x-csrf-token`. Then the route's declared permission decides: 401
 * unknown caller, 403 (problem+json naming the permission) when the role or key scope may not,
 * and 403 for a route that declares nothing, so a forgotten declaration fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly workspaces: WorkspacesService,
    private readonly sessions: SessionsService,
    private readonly limits: HttpLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    if (access?.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticate(context, req).catch((err: unknown) => this.refuse(context, err));
    if (principal.kind === 'user' && !SAFE_METHODS.has(req.method)) {
      const presented = req.headers[CSRF_HEADER];
      if (!csrfMatches(typeof presented === 'string' ? presented : undefined, principal.csrfToken))
        throw forbidden('A change made with a session cookie needs the x-csrf-token header from GET /v1/me.');
    }
    if (!access) throw forbidden('This route declares no permission, so it is closed to everyone.');
    if (access.kind === 'permission') {
      const decision = decideAccess(grantsOf(principal), access, holderOf(principal));
      if (!decision.allowed) throw missingPermission(decision.permission, decision.detail);
      if (decision.reach === 'team' && principal.kind === 'user')
        req.teamScope = { team: principal.team, email: principal.email, agentId: principal.agentId };
    }
    req.principal = principal;
    return true;
  }

  /**
   * A 401 stays a 401, unless this address has sent too many requests without a valid key or
   * session: then a 429, so scanning for keys is slowed down (per address, across processes).
   */
  private async refuse(context: ExecutionContext, err: unknown): Promise<never> {
    if (!(err instanceof Problem) || err.getStatus() !== 401) throw err;
    const verdict = await this.limits.forClient('unauthenticated', context.switchToHttp().getRequest<Request>());
    HttpLimits.announce(context.switchToHttp().getResponse<Response>(), verdict);
    throw verdict.allowed ? err : quotaExceeded(verdict);
  }

  private async authenticate(context: ExecutionContext, req: Request): Promise<Principal> {
    const header = req.headers.authorization ?? '';
    if (header) {
      const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!key) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
      return (await this.workspaces.authenticate(key)) ?? unauthorizedKey();
    }
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      const user = await this.sessions.authenticate(cookie);
      if (!user) throw unauthorized('The session has ended (signed out, idle too long or too old). Sign in again.');
      return user;
    }
    const token = allowsQueryToken(this.reflector, context.getHandler(), context.getClass())
      ? req.query.access_token
      : undefined;
    if (typeof token === 'string' && token) return (await this.workspaces.authenticate(token)) ?? unauthorizedKey();
    throw unauthorized('Send an API key as "Authorization: Bearer <key>", or sign in.');
  }
}

function unauthorizedKey(): never {
  throw unauthorized('The API key is unknown or revoked.');
}

/** The calling workspace's id, set by AuthGuard. */
export const WorkspaceId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal!.workspaceId;
});
