import { Inject, Injectable } from '@nestjs/common';

import { notFound } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Queryable, Sql } from '../database/sql';
import { ApiKeyScope, generateApiKey, parseApiKey, secretMatches } from './api-key';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import { WorkspacesRepository } from './workspaces.repository';

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
    private readonly workspaces: WorkspacesRepository,
    private readonly apiKeys: ApiKeysRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a workspace and its first admin key (shown once). */
  async createWorkspace(name: string): Promise<{ workspaceId: string; apiKey: string }> {
    return this.db.transaction(async (tx) => {
      const ws = await this.workspaces.insert(name, tx);
      const { apiKey } = await this.insertKey(ws.id, 'bootstrap admin', 'admin', tx);
      return { workspaceId: ws.id, apiKey };
    });
  }

  createKey(workspaceId: string, name: string, scope: ApiKeyScope): Promise<ApiKeyView & { apiKey: string }> {
    return this.insertKey(workspaceId, name, scope);
  }

  async listKeys(workspaceId: string): Promise<ApiKeyView[]> {
    const rows = await this.apiKeys.listFor(workspaceId);
    return rows.map(toKeyView);
  }

  async revokeKey(workspaceId: string, keyId: string): Promise<ApiKeyView> {
    const row = await this.apiKeys.revoke(workspaceId, keyId);
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
      const row = await this.apiKeys.findByPrefix(parsed.prefix);
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
    const row = await this.workspaces.fatigueDays(workspaceId);
    return row?.fatigue_days ?? null;
  }

  async setFatigueDays(workspaceId: string, days: number | null): Promise<number | null> {
    const row = await this.workspaces.setFatigueDays(workspaceId, days);
    return row?.fatigue_days ?? null;
  }

  /** Generates a key and stores its hash; the key itself is returned once and never stored. */
  private async insertKey(
    workspaceId: string,
    name: string,
    scope: ApiKeyScope,
    tx?: Queryable,
  ): Promise<ApiKeyView & { apiKey: string }> {
    const key = generateApiKey();
    const row = await this.apiKeys.insert(
      { workspaceId, name, scope, prefix: key.prefix, secretHash: key.secretHash },
      tx,
    );
    return { ...toKeyView(row), apiKey: key.key };
  }
}

function toKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
