import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

/** A workspace's own per-minute rates for its keys; null: the default of configuration. */
export interface RateLimitsRow {
  admin_per_minute: number | null;
  ingest_per_minute: number | null;
}

/** SQL on the workspace_rate_limits table. */
@Injectable()
export class RateLimitsRepository {
  constructor(private readonly db: Sql) {}

  async find(workspaceId: string): Promise<RateLimitsRow | undefined> {
    const [row] = await this.db.query<RateLimitsRow>(
      `SELECT admin_per_minute, ingest_per_minute FROM workspace_rate_limits WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row;
  }

  async save(workspaceId: string, rates: { admin: number | null; ingest: number | null }): Promise<RateLimitsRow> {
    const [row] = await this.db.query<RateLimitsRow>(
      `INSERT INTO workspace_rate_limits (workspace_id, admin_per_minute, ingest_per_minute) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE
         SET admin_per_minute = EXCLUDED.admin_per_minute, ingest_per_minute = EXCLUDED.ingest_per_minute, updated_at = now()
       RETURNING admin_per_minute, ingest_per_minute`,
      [workspaceId, rates.admin, rates.ingest],
    );
    return row;
  }
}
