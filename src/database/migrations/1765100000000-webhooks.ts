import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (Standard Webhooks): endpoints per workspace, messages (the exact signed body,
 * kept for replays), one delivery per message and endpoint, and every attempt.
 *
 * Events other modules produce without calling the webhooks service (an invitation sent or failed,
 * a contact opting out) reach it through a small transactional outbox filled by statement-level
 * triggers. The triggers write a row only when the workspace has an enabled endpoint subscribed to
 * that type, and return after one probe when no endpoint is enabled anywhere, so the SMS send path
 * (1,200 updates/s) pays close to nothing where webhooks are not used.
 */
export class Webhooks1765100000000 implements MigrationInterface {
  name = 'Webhooks1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        -- Sealed with SECRETS_KEY (AES-256-GCM); the previous secret keeps signing until it expires.
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at);
      CREATE INDEX webhook_endpoints_enabled ON webhook_endpoints (workspace_id) WHERE enabled;

      -- payload is the exact body that is signed and sent; replays resend it byte for byte.
      CREATE TABLE webhook_messages (
        id text PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        event_type text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE webhook_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id text NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'disabled')),
        -- Every attempt ever made (numbers the attempt log); the retry schedule counts from replay_base.
        attempts int NOT NULL DEFAULT 0,
        replay_base int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        last_status int,
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (message_id, endpoint_id)
      );
      -- A claim also pushes next_attempt_at to the lease's end, so "due" alone finds expired leases.
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

      CREATE TABLE webhook_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt int NOT NULL,
        attempted_at timestamptz NOT NULL,
        status int,
        latency_ms int NOT NULL,
        error text
      );
      CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

      -- Filled by triggers (which then notify 'outbox' on palaute_webhooks), emptied by the relay in the worker role. No foreign keys: the insert sits
      -- on other modules' hot paths, and the relay drops rows whose subject is gone.
      CREATE TABLE webhook_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id uuid NOT NULL,
        event_type text NOT NULL,
        subject_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION palaute_webhooks_wanted(ws uuid, event_type text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.workspace_id = ws AND e.enabled AND event_type = ANY (e.event_types))
      $$;

      CREATE FUNCTION palaute_webhooks_invitations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
        INSERT INTO webhook_outbox (workspace_id, event_type, subject_id, occurred_at, details)
        SELECT n.workspace_id, 'invitation.' || n.status, n.id,
               CASE WHEN n.status = 'sent' THEN COALESCE(n.sent_at, now()) ELSE now() END,
               jsonb_build_object('step', n.step, 'channel', n.channel, 'reason', n.status_reason, 'errorCode', n.delivery_error_code)
        FROM changed_new n JOIN changed_old o ON o.id = n.id
        WHERE n.status IN ('sent', 'failed') AND o.status IS DISTINCT FROM n.status
          AND palaute_webhooks_wanted(n.workspace_id, 'invitation.' || n.status);
        IF FOUND THEN PERFORM pg_notify('palaute_webhooks', 'outbox'); END IF;
        RETURN NULL;
      END $$;

      -- The cause of an opt-out travels in a transaction-local setting that the code paths knowing it
      -- set (SMS keyword, email link); anything else (the admin API, SQL) reads as 'api'.
      CREATE FUNCTION palaute_webhooks_contacts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
        INSERT INTO webhook_outbox (workspace_id, event_type, subject_id, occurred_at, details)
        SELECT n.workspace_id, 'contact.opted_out', n.id, now(),
               jsonb_build_object(
                 'channels', to_jsonb(array_remove(ARRAY[
                   CASE WHEN o.email_opted_out_at IS NULL AND n.email_opted_out_at IS NOT NULL THEN 'email' END,
                   CASE WHEN o.sms_opted_out_at IS NULL AND n.sms_opted_out_at IS NOT NULL THEN 'sms' END,
                   CASE WHEN o.voice_opted_out_at IS NULL AND n.voice_opted_out_at IS NOT NULL THEN 'voice' END], NULL)),
                 'source', COALESCE(NULLIF(current_setting('palaute.opt_out_source', true), ''), 'api'))
        FROM changed_new n JOIN changed_old o ON o.id = n.id
        WHERE ((o.email_opted_out_at IS NULL AND n.email_opted_out_at IS NOT NULL)
            OR (o.sms_opted_out_at IS NULL AND n.sms_opted_out_at IS NOT NULL)
            OR (o.voice_opted_out_at IS NULL AND n.voice_opted_out_at IS NOT NULL))
          AND palaute_webhooks_wanted(n.workspace_id, 'contact.opted_out');
        IF FOUND THEN PERFORM pg_notify('palaute_webhooks', 'outbox'); END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER invitations_webhooks AFTER UPDATE ON invitations REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_webhooks_invitations_changed();
      CREATE TRIGGER contacts_webhooks AFTER UPDATE ON contacts REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_webhooks_contacts_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER contacts_webhooks ON contacts;
      DROP TRIGGER invitations_webhooks ON invitations;
      DROP FUNCTION palaute_webhooks_contacts_changed();
      DROP FUNCTION palaute_webhooks_invitations_changed();
      DROP FUNCTION palaute_webhooks_wanted(uuid, text);
      DROP TABLE webhook_outbox, webhook_attempts, webhook_deliveries, webhook_messages, webhook_endpoints;
    `);
  }
}
