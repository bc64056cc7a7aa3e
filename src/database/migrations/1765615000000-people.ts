import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People: users of a workspace with a role, the one-time sign-in links they get by email, their
 * server-side sessions, and the audit log of what people and keys did. Owned by workspaces.
 *
 * - A link's and a session's secret is only ever stored as its SHA-256, like API keys: the secret
 *   has 256 random bits, so a slow hash would protect nothing.
 * - The audit log keeps the actor's id and address as they were, without a foreign key, so the
 *   record of what a removed user did outlives the user.
 */
export class People1765615000000 implements MigrationInterface {
  name = 'People1765615000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        -- Trimmed and lower-cased by the service: one person, one row per workspace.
        email text NOT NULL CHECK (email = lower(email)),
        name text,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'agent')),
        -- An agent's team (alerts, responses and scores they see) and their id in the CRM.
        team text,
        agent_id text,
        locale text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        UNIQUE (workspace_id, email)
      );
      CREATE INDEX users_email ON users (email);

      CREATE TABLE sign_in_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        purpose text NOT NULL CHECK (purpose IN ('sign-in', 'invite')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX sign_in_tokens_user ON sign_in_tokens (user_id);

      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        -- The absolute limit: created_at plus SESSION_ABSOLUTE_HOURS, whatever the activity.
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        user_agent text
      );
      CREATE INDEX user_sessions_user ON user_sessions (user_id);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api-key')),
        actor_id uuid NOT NULL,
        actor_label text NOT NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        method text,
        path text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, user_sessions, sign_in_tokens, users`);
  }
}
