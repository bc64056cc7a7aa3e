import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { forbidden, unauthorized } from '../common/problem';
import { ApiKeyScope } from './api-key';
import { Principal, WorkspacesService } from './workspaces.service';

const SCOPES_KEY = 'palaute:scopes';
const QUERY_TOKEN_KEY = 'palaute:query-token';

/** Which key scopes may call a route; without it only admin keys may. */
export const AllowScopes = (...scopes: ApiKeyScope[]) => SetMetadata(SCOPES_KEY, scopes);

/** Marks a route (survey page, unsubscribe, health) that takes no API key. */
export const Public = () => SetMetadata(SCOPES_KEY, 'public');

/**
 * Lets one route also take the key as `?access_token=` (RFC 6750 §2.3), for browser EventSource,
 * which cannot send headers. Opt-in per route because a key in a URL can end up in proxy logs and
 * browser history; the header still wins when both are sent, and problem bodies mask the parameter.
 */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);

type AuthedRequest = Request & { principal?: Principal };

/** Checks the Bearer key on every route not marked @Public: 401 unknown, 403 wrong scope. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly workspaces: WorkspacesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<ApiKeyScope[] | 'public' | undefined>(SCOPES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match?.[1] ?? (header ? undefined : this.queryToken(context, req));
    if (!key) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const principal = await this.workspaces.authenticate(key);
    if (!principal) throw unauthorized('The API key is unknown or revoked.');
    if (!(allowed ?? ['admin']).includes(principal.scope)) {
      throw forbidden(`This route needs a key with scope ${(allowed ?? ['admin']).join(' or ')}.`);
    }
    req.principal = principal;
    return true;
  }

  private queryToken(context: ExecutionContext, req: Request): string | undefined {
    if (!this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, [context.getHandler(), context.getClass()]))
      return undefined;
    const token = req.query.access_token;
    return typeof token === 'string' && token ? token : undefined;
  }
}

/** The calling workspace's id, set by AuthGuard. */
export const WorkspaceId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal!.workspaceId;
});
