import { MigrationInterface, QueryRunner } from 'typeorm';

/** The spine: workspaces and keys, contacts, surveys (versioned), campaigns, events, invitations, responses. */
export class Spine1763900000000 implements MigrationInterface {
  name = 'Spine1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('admin', 'ingest')),
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        email text,
        phone text,
        name text,
        locale text,
        timezone text,
        attributes jsonb NOT NULL DEFAULT '{}',
        email_opted_out_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, external_id)
      );

      CREATE TABLE surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        current_version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX surveys_workspace ON surveys (workspace_id, created_at DESC);

      -- Immutable once an invitation points at it: edits after that create a new version.
      CREATE TABLE survey_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
        version int NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (survey_id, version)
      );

      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        survey_id uuid NOT NULL REFERENCES surveys(id),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
        event_type text NOT NULL,
        filter jsonb NOT NULL DEFAULT '[]',
        channels text[] NOT NULL DEFAULT '{email}',
        delay text NOT NULL DEFAULT 'PT0S',
        delay_ms bigint NOT NULL DEFAULT 0,
        expiry text NOT NULL DEFAULT 'P7D',
        expiry_ms bigint NOT NULL,
        email_subject jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX campaigns_trigger ON campaigns (workspace_id, event_type) WHERE status IN ('active', 'paused');

      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        idempotency_key text NOT NULL,
        external_id text,
        body_hash text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        properties jsonb NOT NULL DEFAULT '{}',
        decisions jsonb NOT NULL DEFAULT '[]',
        UNIQUE (workspace_id, idempotency_key)
      );
      CREATE UNIQUE INDEX events_external_id ON events (workspace_id, external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        survey_version_id uuid NOT NULL REFERENCES survey_versions(id),
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        event_id uuid REFERENCES events(id) ON DELETE SET NULL,
        event_type text NOT NULL,
        properties jsonb NOT NULL DEFAULT '{}',
        channel text NOT NULL,
        step int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled')),
        status_reason text,
        token text NOT NULL UNIQUE,
        send_at timestamptz NOT NULL,
        sent_at timestamptz,
        expires_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        provider_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, campaign_id)
      );
      CREATE INDEX invitations_campaign_sent ON invitations (campaign_id, sent_at);
      CREATE INDEX invitations_survey_version ON invitations (survey_version_id);

      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        invitation_id uuid NOT NULL UNIQUE REFERENCES invitations(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        survey_version_id uuid NOT NULL REFERENCES survey_versions(id),
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        channel text NOT NULL,
        completed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE INDEX responses_campaign_created ON responses (campaign_id, created_at DESC, id DESC);
      CREATE INDEX responses_workspace_created ON responses (workspace_id, created_at DESC, id DESC);

      CREATE TABLE answers (
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        question_id text NOT NULL,
        question_type text NOT NULL,
        value_num int,
        value_text text,
        answered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (response_id, question_id)
      );

      -- Stands in for SMTP when SMTP_URL is unset: what would have been sent, viewable at /dev/outbox.
      CREATE TABLE dev_outbox (
        id bigserial PRIMARY KEY,
        invitation_id uuid,
        message_id text NOT NULL UNIQUE,
        channel text NOT NULL,
        to_address text NOT NULL,
        subject text,
        html text,
        text text,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dev_outbox, answers, responses, invitations, events, campaigns,
      survey_versions, surveys, contacts, api_keys, workspaces`);
  }
}
