import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { Role } from './permissions';

/** A live session with the user it belongs to, as the guard needs it. */
export interface SessionUserRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
  workspace_id: string;
  email: string;
  role: Role;
  team: string | null;
  agent_id: string | null;
}

/** SQL on the user_sessions table. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Sql) {}

  async insert(
    s: { userId: string; tokenHash: string; at: Date; expiresAt: Date; userAgent: string | null },
    tx: Queryable = this.db,
  ): Promise<{ id: string }> {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO user_sessions (user_id, token_hash, created_at, last_seen_at, expires_at, user_agent) VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
      [s.userId, s.tokenHash, s.at, s.expiresAt, s.userAgent],
    );
    return row;
  }

  /** The session behind a cookie, if it is neither revoked, idle since `idleSince`, nor past its absolute limit. */
  async findLive(tokenHash: string, now: Date, idleSince: Date): Promise<SessionUserRow | undefined> {
    const [row] = await this.db.query<SessionUserRow>(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, u.id AS user_id, u.workspace_id, u.email, u.role, u.team, u.agent_id
       FROM user_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3`,
      [tokenHash, now, idleSince],
      'session-find-live',
    );
    return row;
  }

  async touch(sessionId: string, at: Date): Promise<void> {
    await this.db.query<never>(`UPDATE user_sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1`, [
      sessionId,
      at,
    ]);
  }

  async revoke(sessionId: string, at: Date): Promise<void> {
    await this.db.query<never>(`UPDATE user_sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1`, [
      sessionId,
      at,
    ]);
  }

  /** A user's sessions over before `before`, dropped when they sign in again. */
  async pruneOf(userId: string, before: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(`DELETE FROM user_sessions WHERE user_id = $1 AND (expires_at < $2 OR revoked_at < $2)`, [
      userId,
      before,
    ]);
  }

  /** Revokes every session of the user; the number that were live. */
  async revokeAllOf(userId: string, at: Date): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE user_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`,
      [userId, at],
    );
    return rows.length;
  }
}
