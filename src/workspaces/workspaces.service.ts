import { Inject, Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { notFound } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Queryable, Sql } from '../database/sql';
import { ApiKeyScope, generateApiKey, parseApiKey, secretMatches } from './api-key';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import { senderNameOf } from './display-name';
import { ApiKeyPrincipal } from './principal';
import { RateLimitsRepository } from './rate-limits.repository';
import { WorkspaceNamesRow, WorkspacesRepository } from './workspaces.repository';

/** A workspace's own per-minute rates for its keys, by scope; null: the default. */
export interface RateLimitRates {
  admin: number | null;
  ingest: number | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** What a workspace is called, the display name it set (null: none), and the name its messages say. */
export interface WorkspaceSettingsView {
  name: string;
  displayName: string | null;
  senderName: string;
}

/**
 * How long a process may say an old sender name after a change made through another process (the
 * API and the worker run apart); the process that took the PATCH drops its copy at once.
 */
const SENDER_NAME_CACHE_MS = 5000;

interface CachedKey {
  principal: ApiKeyPrincipal | null;
  secretHash: string;
  expiresAt: number;
}

@Injectable()
export class WorkspacesService {
  /** Avoids a database round trip per ingest request; bounded by apiKeyCacheMs. */
  private readonly keyCache = new Map<string, CachedKey>();
  /** Every survey message says the sender name: one lookup per workspace every few seconds, not one per message. */
  private readonly senderNames = new Map<string, { name: Promise<string>; until: number }>();

  constructor(
    private readonly db: Sql,
    private readonly workspaces: WorkspacesRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly rateLimitRows: RateLimitsRepository,
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

  /** Newest first, a page at a time. */
  async listKeys(workspaceId: string, page: { limit: number; cursor?: KeysetPosition }): Promise<Page<ApiKeyView>> {
    const rows = await this.apiKeys.pageFor(workspaceId, page.cursor, page.limit);
    return pageOf(rows, page.limit, positionOf, toKeyView);
  }

  async revokeKey(workspaceId: string, keyId: string): Promise<ApiKeyView> {
    const row = await this.apiKeys.revoke(workspaceId, keyId);
    if (!row) throw notFound('API key');
    for (const [prefix, cached] of this.keyCache) if (cached.principal?.keyId === keyId) this.keyCache.delete(prefix);
    return toKeyView(row);
  }

  /** Resolves a presented key, or null when unknown, malformed or revoked. */
  async authenticate(presented: string): Promise<ApiKeyPrincipal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const now = Date.now();
    let cached = this.keyCache.get(parsed.prefix);
    if (!cached || cached.expiresAt < now) {
      const row = await this.apiKeys.findByPrefix(parsed.prefix);
      cached = {
        principal:
          row && !row.revoked_at
            ? {
                kind: 'api-key',
                workspaceId: row.workspace_id,
                keyId: row.id,
                scope: row.scope,
                perMinute: row.per_minute,
              }
            : null,
        secretHash: row?.secret_hash ?? '',
        expiresAt: now + this.config.apiKeyCacheMs,
      };
      if (this.keyCache.size > 10_000) this.keyCache.clear();
      this.keyCache.set(parsed.prefix, cached);
    }
    if (!cached.principal || !secretMatches(parsed.secret, cached.secretHash)) return null;
    return cached.principal;
  }

  /** The workspace's own rates for its keys (null: the default of configuration). */
  async rateLimits(workspaceId: string): Promise<RateLimitRates> {
    const row = await this.rateLimitRows.find(workspaceId);
    return { admin: row?.admin_per_minute ?? null, ingest: row?.ingest_per_minute ?? null };
  }

  /**
   * Sets the workspace's rates. This process applies them from the next request; the others
   * when their cached copy of each key expires (API_KEY_CACHE_MS), as with a revoked key.
   */
  async setRateLimits(workspaceId: string, rates: RateLimitRates): Promise<RateLimitRates> {
    const row = await this.rateLimitRows.save(workspaceId, rates);
    for (const [prefix, cached] of this.keyCache)
      if (cached.principal?.workspaceId === workspaceId) this.keyCache.delete(prefix);
    return { admin: row.admin_per_minute, ingest: row.ingest_per_minute };
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

  /** The calling workspace's names, read fresh (not from the send path's cache). */
  async settings(workspaceId: string): Promise<WorkspaceSettingsView> {
    const row = await this.workspaces.names(workspaceId);
    if (!row) throw notFound('Workspace');
    return this.toSettingsView(row);
  }

  /** Sets (or, with null, clears) the display name; this process's messages say it from now on. */
  async setDisplayName(workspaceId: string, displayName: string | null): Promise<WorkspaceSettingsView> {
    const row = await this.workspaces.setDisplayName(workspaceId, displayName);
    this.senderNames.delete(workspaceId);
    if (!row) throw notFound('Workspace');
    return this.toSettingsView(row);
  }

  /**
   * The name the workspace's surveys say (emails, SMS, calls, the survey page): its display name,
   * else COMPANY_NAME, also for an unknown workspace. Cached briefly, so the send path pays no
   * round trip per message; callers arriving during a lookup share it.
   */
  senderName(workspaceId: string): Promise<string> {
    const hit = this.senderNames.get(workspaceId);
    if (hit && hit.until > Date.now()) return hit.name;
    const name = this.workspaces
      .names(workspaceId)
      .then((row) => senderNameOf(row?.display_name ?? null, this.config.companyName));
    if (this.senderNames.size > 10_000) this.senderNames.clear();
    this.senderNames.set(workspaceId, { name, until: Date.now() + SENDER_NAME_CACHE_MS });
    name.catch(() => this.senderNames.delete(workspaceId));
    return name;
  }

  private toSettingsView(row: WorkspaceNamesRow): WorkspaceSettingsView {
    return {
      name: row.name,
      displayName: row.display_name,
      senderName: senderNameOf(row.display_name, this.config.companyName),
    };
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
