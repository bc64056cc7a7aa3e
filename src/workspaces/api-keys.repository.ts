import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import { ApiKeyScope } from './api-key';

/** An API key as the admin API lists it (never its hash). */
export interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** What checking a presented key needs, with its workspace's own rate for the key's scope (null: the default). */
export interface ApiKeyAuthRow {
  id: string;
  workspace_id: string;
  scope: ApiKeyScope;
  secret_hash: string;
  revoked_at: Date | null;
  per_minute: number | null;
}

/** A key to store: the public prefix and the hash of its secret. */
export interface NewApiKey {
  workspaceId: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  secretHash: string;
}

/** SQL on the api_keys table. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Sql) {}

  async insert(key: NewApiKey, tx: Queryable = this.db): Promise<ApiKeyRow> {
    const [row] = await tx.query<ApiKeyRow>(
      `INSERT INTO api_keys (workspace_id, name, scope, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, name, scope, prefix, created_at, revoked_at`,
      [key.workspaceId, key.name, key.scope, key.prefix, key.secretHash],
    );
    return row;
  }

  /** Newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  pageFor(
    workspaceId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Array<ApiKeyRow & { position: string }>> {
    return this.db.query<ApiKeyRow & { position: string }>(
      `SELECT id, name, scope, prefix, created_at, revoked_at, created_at::text AS position FROM api_keys
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [workspaceId, ...keysetArgs(after, limit)],
    );
  }

  /** Revoking twice keeps the first revocation time; undefined when the workspace has no such key. */
  async revoke(workspaceId: string, keyId: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query<ApiKeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE workspace_id = $1 AND id = $2
       RETURNING id, name, scope, prefix, created_at, revoked_at`,
      [workspaceId, keyId],
    );
    return row;
  }

  /** The key and, in the same statement, its rate limit: a key lookup stays one round trip. */
  async findByPrefix(prefix: string): Promise<ApiKeyAuthRow | undefined> {
    const [row] = await this.db.query<ApiKeyAuthRow>(
      `SELECT k.id, k.workspace_id, k.scope, k.secret_hash, k.revoked_at,
              CASE k.scope WHEN 'ingest' THEN l.ingest_per_minute ELSE l.admin_per_minute END AS per_minute
       FROM api_keys k LEFT JOIN workspace_rate_limits l ON l.workspace_id = k.workspace_id
       WHERE k.prefix = $1`,
      [prefix],
    );
    return row;
  }
}
