import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import { CLIENT_POLICY_KEY, ClientPolicyName, HttpLimits } from '../limits/http-limits';
import { quotaExceeded } from '../limits/rate-limit-headers';
import { RateLimitVerdict } from '../limits/rate-limit-policy';
import { Principal } from './principal';

/**
 * Runs after AuthGuard. A request with an API key counts against that key's bucket, at its
 * workspace's rate for the key's scope (ingest keys get more than admin keys by default); a person
 * signed in to the console against their own, at the admin rate; a public route marked @LimitPerClient counts against the client address's bucket. Every counted
 * response says where the bucket stands (RateLimit-Policy, RateLimit); a full one answers 429
 * with Retry-After. Other public routes (health, metrics, docs) are not limited.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: HttpLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { principal?: Principal }>();
    const verdict = await this.check(context, req);
    if (!verdict) return true;
    HttpLimits.announce(http.getResponse<Response>(), verdict);
    if (!verdict.allowed) throw quotaExceeded(verdict);
    return true;
  }

  private check(context: ExecutionContext, req: Request & { principal?: Principal }): Promise<RateLimitVerdict> | null {
    const principal = req.principal;
    if (principal?.kind === 'api-key') return this.limits.forKey(principal.keyId, principal.scope, principal.perMinute);
    // A person in the console: their own bucket, at the admin keys' default rate.
    if (principal?.kind === 'user') return this.limits.forKey(`user-${principal.userId}`, 'admin', null);
    const policy = this.reflector.getAllAndOverride<ClientPolicyName | undefined>(CLIENT_POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    return policy ? this.limits.forClient(policy, req) : null;
  }
}
