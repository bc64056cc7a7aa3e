import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable, SetMetadata } from '@nestjs/common';

import { clientIp, compileProxyTrust, ipPartition, ProxyTrust } from '../common/client-ip';
import { APP_CONFIG, AppConfig } from '../config/config';
import { rateLimitHeaders } from './rate-limit-headers';
import { perMinute, RateLimitPolicy, RateLimitVerdict } from './rate-limit-policy';
import { RateLimiter } from './rate-limiter';

/** The per-address limits: respondent pages, Twilio's webhooks, API calls without a valid key. */
export type ClientPolicyName = 'survey-page' | 'twilio' | 'unauthenticated';

/** The per-key limits, one per key scope. */
export type KeyPolicyName = 'admin' | 'ingest';

export const CLIENT_POLICY_KEY = 'palaute:client-rate-limit';

/** Limits a public route per client address under the named policy (see RateLimitGuard). */
export const LimitPerClient = (policy: ClientPolicyName) => SetMetadata(CLIENT_POLICY_KEY, policy);

/**
 * The HTTP side of the limits: which policy a request counts against, with the rates of
 * configuration (and a workspace's own, for its keys), and the headers that tell the client.
 */
@Injectable()
export class HttpLimits {
  private readonly trust: ProxyTrust;
  private readonly clientPolicies: Record<ClientPolicyName, RateLimitPolicy>;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.trust = compileProxyTrust(config.trustProxy);
    const rates = config.rateLimits;
    this.clientPolicies = {
      'survey-page': perMinute('survey-page', rates.surveyPagePerMinute),
      twilio: perMinute('twilio', rates.twilioPerMinute),
      unauthenticated: perMinute('unauthenticated', rates.unauthenticatedPerMinute),
    };
  }

  /** The default per-minute rate of a key scope (a workspace may set its own). */
  defaultKeyRate(scope: KeyPolicyName): number {
    return scope === 'ingest' ? this.config.rateLimits.ingestPerMinute : this.config.rateLimits.adminPerMinute;
  }

  /** Counts a request against the client address's bucket of a policy. */
  forClient(name: ClientPolicyName, req: IncomingMessage): Promise<RateLimitVerdict> {
    const partition = ipPartition(clientIp(req, this.trust));
    return this.limiter.consume([{ policy: this.clientPolicies[name], partition }]);
  }

  /** Counts a request against an API key's bucket; `perMinuteOverride` is its workspace's own rate. */
  forKey(keyId: string, scope: KeyPolicyName, perMinuteOverride: number | null): Promise<RateLimitVerdict> {
    const policy = perMinute(scope, perMinuteOverride ?? this.defaultKeyRate(scope));
    return this.limiter.consume([{ policy, partition: keyId }]);
  }

  /** Puts the RateLimit fields (and Retry-After on a refusal) on the response. */
  static announce(res: ServerResponse, verdict: RateLimitVerdict): void {
    for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) res.setHeader(name, value);
  }
}
