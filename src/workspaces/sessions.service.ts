import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Queryable } from '../database/sql';
import { UserPrincipal } from './principal';
import { csrfTokenOf, isSecretShaped, newSecret, sha256Hex } from './session-secret';
import { SessionsRepository } from './sessions.repository';

/**
 * Last-seen is written at most this often per session: a console makes several calls a second,
 * and an idle limit of minutes or hours does not need each of them recorded.
 */
const TOUCH_EVERY_MS = 60_000;
/** Sessions and links over for longer than this are deleted when their user next signs in. */
const KEEP_ENDED_MS = 24 * 3_600_000;

/** Server-side console sessions: one row per sign-in, the cookie holds its secret. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Opens a session for a user who just used a sign-in link; the secret goes into the cookie only. */
  async open(
    userId: string,
    userAgent: string | null,
    tx?: Queryable,
  ): Promise<{ id: string; secret: string; maxAgeMs: number }> {
    const now = this.clock.now();
    const { secret, hash } = newSecret();
    await this.sessions.pruneOf(userId, new Date(now.getTime() - KEEP_ENDED_MS), tx);
    const maxAgeMs = this.config.people.sessionAbsoluteMs;
    const { id } = await this.sessions.insert(
      { userId, tokenHash: hash, at: now, expiresAt: new Date(now.getTime() + maxAgeMs), userAgent },
      tx,
    );
    return { id, secret, maxAgeMs };
  }

  /** The person behind a session cookie, or null when the session is unknown, revoked, idle too long or too old. */
  async authenticate(secret: string): Promise<UserPrincipal | null> {
    if (!isSecretShaped(secret)) return null;
    const now = this.clock.now();
    const row = await this.sessions.findLive(
      sha256Hex(secret),
      now,
      new Date(now.getTime() - this.config.people.sessionIdleMs),
    );
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS)
      await this.sessions.touch(row.session_id, now);
    return {
      kind: 'user',
      workspaceId: row.workspace_id,
      userId: row.user_id,
      email: row.email,
      role: row.role,
      team: row.team,
      agentId: row.agent_id,
      sessionId: row.session_id,
      csrfToken: csrfTokenOf(secret),
    };
  }

  signOut(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId, this.clock.now());
  }

  /** Ends every session of the user, on every device; the number that were live. */
  signOutEverywhere(userId: string): Promise<number> {
    return this.sessions.revokeAllOf(userId, this.clock.now());
  }
}
