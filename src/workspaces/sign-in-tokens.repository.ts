import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

export type LinkPurpose = 'sign-in' | 'invite';

/** A link as found by its hash, whatever its state: the refusal page says why it no longer works. */
export interface SignInTokenRow {
  id: string;
  user_id: string;
  purpose: LinkPurpose;
  expires_at: Date;
  used_at: Date | null;
  locale: string | null;
}

/** SQL on the sign_in_tokens table. */
@Injectable()
export class SignInTokensRepository {
  constructor(private readonly db: Sql) {}

  async insert(
    t: { userId: string; tokenHash: string; purpose: LinkPurpose; createdAt: Date; expiresAt: Date },
    tx: Queryable = this.db,
  ): Promise<{ id: string }> {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO sign_in_tokens (user_id, token_hash, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [t.userId, t.tokenHash, t.purpose, t.createdAt, t.expiresAt],
    );
    return row;
  }

  /**
   * Marks the link used if it is unused and unexpired, in one statement: two clicks racing get one
   * session between them. Undefined when it was not usable.
   */
  async consume(tokenHash: string, now: Date, tx: Queryable = this.db): Promise<{ user_id: string } | undefined> {
    const [row] = await tx.query<{ user_id: string }>(
      `UPDATE sign_in_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
      [tokenHash, now],
    );
    return row;
  }

  async findByHash(tokenHash: string): Promise<SignInTokenRow | undefined> {
    const [row] = await this.db.query<SignInTokenRow>(
      `SELECT t.id, t.user_id, t.purpose, t.expires_at, t.used_at, u.locale FROM sign_in_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  /** A user's links that expired before `before` (kept a while for the refusal page), dropped when a new one is made. */
  async pruneOf(userId: string, before: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(`DELETE FROM sign_in_tokens WHERE user_id = $1 AND expires_at < $2`, [userId, before]);
  }
}
