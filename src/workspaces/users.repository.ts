import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import type { Role } from './permissions';

/** A user as the API shows it. */
export interface UserRow {
  id: string;
  workspace_id: string;
  email: string;
  name: string | null;
  role: Role;
  team: string | null;
  agent_id: string | null;
  locale: string | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

/** A user to store; the email already trimmed and lower-cased. */
export interface NewUser {
  workspaceId: string;
  email: string;
  name: string | null;
  role: Role;
  team: string | null;
  agentId: string | null;
  locale: string | null;
}

/** Fields a change may set; undefined leaves a field as it is. */
export interface UserChange {
  name?: string | null;
  role?: Role;
  team?: string | null;
  agentId?: string | null;
  locale?: string | null;
}

/** A user with the name of their workspace, for sign-in emails. */
export type UserWithWorkspaceRow = UserRow & { workspace_name: string };

const COLUMNS = `id, workspace_id, email, name, role, team, agent_id, locale, created_at, last_sign_in_at`;

/** SQL on the users table. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Sql) {}

  /** Undefined when the workspace already has a user with this address. */
  async insert(u: NewUser, tx: Queryable = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow>(
      `INSERT INTO users (workspace_id, email, name, role, team, agent_id, locale) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id, email) DO NOTHING RETURNING ${COLUMNS}`,
      [u.workspaceId, u.email, u.name, u.role, u.team, u.agentId, u.locale],
    );
    return row;
  }

  /** Newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  page(
    workspaceId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Array<UserRow & { position: string }>> {
    return this.db.query<UserRow & { position: string }>(
      `SELECT ${COLUMNS}, created_at::text AS position FROM users
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [workspaceId, ...keysetArgs(after, limit)],
    );
  }

  async find(workspaceId: string, id: string, tx: Queryable = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  async findById(id: string, tx: Queryable = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row;
  }

  /** Locks the row for a change, so two admins demoting the last two owners are serialized. */
  async lock(workspaceId: string, id: string, tx: Queryable): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, id],
    );
    return row;
  }

  /** Every user this address is, across workspaces (one person may belong to several). */
  withEmail(email: string): Promise<UserWithWorkspaceRow[]> {
    return this.db.query<UserWithWorkspaceRow>(
      `SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.team, u.agent_id, u.locale, u.created_at, u.last_sign_in_at, w.name AS workspace_name
       FROM users u JOIN workspaces w ON w.id = u.workspace_id WHERE u.email = $1 ORDER BY w.name, u.id`,
      [email],
    );
  }

  /** Owners other than this user, locked: the last owner may not be demoted or removed. */
  async otherOwners(workspaceId: string, exceptId: string, tx: Queryable): Promise<number> {
    const rows = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE workspace_id = $1 AND role = 'owner' AND id <> $2 FOR UPDATE`,
      [workspaceId, exceptId],
    );
    return rows.length;
  }

  async update(workspaceId: string, id: string, c: UserChange, tx: Queryable = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET
         name = CASE WHEN $3 THEN $4 ELSE name END,
         role = COALESCE($5, role),
         team = CASE WHEN $6 THEN $7 ELSE team END,
         agent_id = CASE WHEN $8 THEN $9 ELSE agent_id END,
         locale = CASE WHEN $10 THEN $11 ELSE locale END
       WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [
        workspaceId,
        id,
        c.name !== undefined,
        c.name ?? null,
        c.role ?? null,
        c.team !== undefined,
        c.team ?? null,
        c.agentId !== undefined,
        c.agentId ?? null,
        c.locale !== undefined,
        c.locale ?? null,
      ],
    );
    return row;
  }

  /** Removes the user; their links and sessions go with them (cascade). */
  async delete(workspaceId: string, id: string, tx: Queryable = this.db): Promise<boolean> {
    const rows = await tx.query<{ id: string }>(`DELETE FROM users WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
      workspaceId,
      id,
    ]);
    return rows.length > 0;
  }

  async markSignedIn(id: string, at: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(`UPDATE users SET last_sign_in_at = $2 WHERE id = $1`, [id, at]);
  }
}
