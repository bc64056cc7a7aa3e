import { Inject, Injectable } from '@nestjs/common';

import { notFound } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Queryable, Sql } from '../database/sql';
import { ApiKeyScope, generateApiKey, parseApiKey, secretMatches } from './api-key';

/** Who is calling: resolved from a valid, unrevoked API key. */
export interface Principal {
  workspaceId: string;
  keyId: string;
  scope: ApiKeyScope;
}

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

interface CachedKey {
  principal: Principal | null;
  secretHash: string;
  expiresAt: number;
}

@Injectable()
export class WorkspacesService {
  /** Avoids a database round trip per ingest request; bounded by apiKeyCacheMs. */
  private readonly keyCache = new Map<string, CachedKey>();

  constructor(
    private readonly db: Sql,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a workspace and its first admin key (shown once). */
  async createWorkspace(name: string): Promise<{ workspaceId: string; apiKey: string }> {
    return this.db.transaction(async (tx) => {
      const [ws] = await tx.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
      const { apiKey } = await insertKey(tx, ws.id, 'bootstrap admin', 'admin');
      return { workspaceId: ws.id as string, apiKey };
    });
  }

  createKey(workspaceId: string, name: string, scope: ApiKeyScope): Promise<ApiKeyView & { apiKey: string }> {
    return insertKey(this.db, workspaceId, name, scope);
  }

  async listKeys(workspaceId: string): Promise<ApiKeyView[]> {
    const rows = await this.db.query(
      `SELECT id, name, scope, prefix, created_at, revoked_at FROM api_keys WHERE workspace_id = $1 ORDER BY created_at`,
      [workspaceId],
    );
    return rows.map(toKeyView);
  }

  async revokeKey(workspaceId: string, keyId: string): Promise<ApiKeyView> {
    const [row] = await this.db.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE workspace_id = $1 AND id = $2
       RETURNING id, name, scope, prefix, created_at, revoked_at`,
      [workspaceId, keyId],
    );
    if (!row) throw notFound('API key');
    for (const [prefix, cached] of this.keyCache) if (cached.principal?.keyId === keyId) this.keyCache.delete(prefix);
    return toKeyView(row);
  }

  /** Resolves a presented key, or null when unknown, malformed or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const now = Date.now();
    let cached = this.keyCache.get(parsed.prefix);
    if (!cached || cached.expiresAt < now) {
      const [row] = await this.db.query(
        `SELECT id, workspace_id, scope, secret_hash, revoked_at FROM api_keys WHERE prefix = $1`,
        [parsed.prefix],
      );
      cached = {
        principal: row && !row.revoked_at ? { workspaceId: row.workspace_id, keyId: row.id, scope: row.scope } : null,
        secretHash: row?.secret_hash ?? '',
        expiresAt: now + this.config.apiKeyCacheMs,
      };
      if (this.keyCache.size > 10_000) this.keyCache.clear();
      this.keyCache.set(parsed.prefix, cached);
    }
    if (!cached.principal || !secretMatches(parsed.secret, cached.secretHash)) return null;
    return cached.principal;
  }

  /** The workspace-wide survey fatigue cap in days; null: none. */
  async fatigueDays(workspaceId: string): Promise<number | null> {
    const [row] = await this.db.query(`SELECT fatigue_days FROM workspaces WHERE id = $1`, [workspaceId]);
    return row?.fatigue_days ?? null;
  }

  async setFatigueDays(workspaceId: string, days: number | null): Promise<number | null> {
    const [row] = await this.db.query(`UPDATE workspaces SET fatigue_days = $2 WHERE id = $1 RETURNING fatigue_days`, [
      workspaceId,
      days,
    ]);
    return row?.fatigue_days ?? null;
  }
}

/** Generates a key and stores its hash; the key itself is returned once and never stored. */
async function insertKey(
  db: Queryable,
  workspaceId: string,
  name: string,
  scope: ApiKeyScope,
): Promise<ApiKeyView & { apiKey: string }> {
  const key = generateApiKey();
  const [row] = await db.query(
    `INSERT INTO api_keys (workspace_id, name, scope, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, name, scope, prefix, created_at, revoked_at`,
    [workspaceId, name, scope, key.prefix, key.secretHash],
  );
  return { ...toKeyView(row), apiKey: key.key };
}

function toKeyView(row: Record<string, any>): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
