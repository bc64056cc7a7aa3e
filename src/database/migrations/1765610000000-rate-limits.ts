import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workspace's own rates for its API keys, per key scope and per minute; NULL (or no row) keeps
 * the defaults of configuration (RATE_LIMIT_ADMIN_PER_MINUTE, RATE_LIMIT_INGEST_PER_MINUTE).
 */
export class RateLimits1765610000000 implements MigrationInterface {
  name = 'RateLimits1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_rate_limits (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
        admin_per_minute int CHECK (admin_per_minute > 0),
        ingest_per_minute int CHECK (ingest_per_minute > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      );`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workspace_rate_limits;`);
  }
}
