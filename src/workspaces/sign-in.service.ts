import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { AttemptLimiter, SIGN_IN_LIMITER } from './attempt-limiter';
import { AuditLogService } from './audit-log.service';
import { UserPrincipal } from './principal';
import { csrfTokenOf, isSecretShaped, sha256Hex } from './session-secret';
import { SessionsService } from './sessions.service';
import { SignInLinksService } from './sign-in-links.service';
import { SignInTokensRepository } from './sign-in-tokens.repository';
import { UsersRepository } from './users.repository';

/** Why a link did not sign anyone in; the page says so in the person's language. */
export type RefusedLink = { ok: false; reason: 'expired' | 'used' | 'invalid'; locale: string | null };
export type ConsumedLink = { ok: true; secret: string; maxAgeMs: number; principal: UserPrincipal };
export type UsableLink = { ok: true; email: string; locale: string | null };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Asking for a link and using one. */
@Injectable()
export class SignInService {
  constructor(
    private readonly db: Sql,
    private readonly tokens: SignInTokensRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly links: SignInLinksService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    @Inject(SIGN_IN_LIMITER) private readonly limiter: AttemptLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Counts the attempt against the address and the client IP; 429 over either limit. Both count
   * whether or not the address has an account, so the limit tells nothing about accounts either.
   * Null when admitted, else the seconds to wait.
   */
  async admit(email: string, ip: string): Promise<number | null> {
    const [byAddress, byIp] = await Promise.all([
      this.limiter.hit(`sign-in:address:${normalizeEmail(email)}`, this.config.people.signInLimitPerAddress),
      this.limiter.hit(`sign-in:ip:${ip}`, this.config.people.signInLimitPerIp),
    ]);
    if (byAddress.allowed && byIp.allowed) return null;
    return Math.max(1, Math.ceil(Math.max(byAddress.retryAfterMs, byIp.retryAfterMs) / 1000));
  }

  /**
   * Sends the links in the background: the answer (202) comes as fast for an unknown address as
   * for a known one, so its timing tells nothing either. A failed send is logged; the person asks again.
   */
  requestLinks(email: string, browserLocale: string | null): void {
    this.links
      .sendSignInLinks(normalizeEmail(email), browserLocale)
      .catch((err: Error) => this.log.warn({ err: err.message }, 'sign-in email failed'));
  }

  /** Uses a link once: a session for its user, or why not. */
  /** Whether a link would sign someone in, without using it (what opening the link shows). */
  async peek(token: string): Promise<UsableLink | RefusedLink> {
    if (!isSecretShaped(token)) return { ok: false, reason: 'invalid', locale: null };
    const link = await this.tokens.findByHash(sha256Hex(token));
    const user = link && (await this.users.findById(link.user_id));
    if (!link || !user) return { ok: false, reason: 'invalid', locale: null };
    if (link.used_at) return { ok: false, reason: 'used', locale: link.locale };
    if (link.expires_at <= this.clock.now()) return { ok: false, reason: 'expired', locale: link.locale };
    return { ok: true, email: user.email, locale: link.locale };
  }

  async consume(token: string, userAgent: string | null): Promise<ConsumedLink | RefusedLink> {
    if (!isSecretShaped(token)) return { ok: false, reason: 'invalid', locale: null };
    const hash = sha256Hex(token);
    const now = this.clock.now();
    const consumed = await this.db.transaction(async (tx) => {
      const used = await this.tokens.consume(hash, now, tx);
      if (!used) return undefined;
      const user = await this.users.findById(used.user_id, tx);
      if (!user) return undefined;
      const session = await this.sessions.open(user.id, userAgent, tx);
      await this.users.markSignedIn(user.id, now, tx);
      return { user, session };
    });
    if (!consumed) {
      const link = await this.tokens.findByHash(hash);
      return { ok: false, reason: !link ? 'invalid' : link.used_at ? 'used' : 'expired', locale: link?.locale ?? null };
    }
    const { user, session } = consumed;
    const principal: UserPrincipal = {
      kind: 'user',
      workspaceId: user.workspace_id,
      userId: user.id,
      email: user.email,
      role: user.role,
      team: user.team,
      agentId: user.agent_id,
      sessionId: session.id,
      csrfToken: csrfTokenOf(session.secret),
    };
    await this.audit.record(principal, { action: 'auth.sign-in', target: { type: 'users', id: user.id } });
    return { ok: true, secret: session.secret, maxAgeMs: session.maxAgeMs, principal };
  }
}
