import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing the loop: alert rules per campaign, alerts with their follow-up history, the queue of
 * responses waiting for follow-up (alerts, `response.completed` webhooks, promoter links), the
 * weekly digest's once-per-week guard, and tracked promoter links.
 *
 * Responses join the follow-up queue by trigger, so every reply path (survey page, SMS, voice)
 * is covered without each calling us. The triggers fire once per response insert and once per
 * completion (the WHEN clause filters the SMS path's many answer updates before any work).
 */
export class Alerts1765200000000 implements MigrationInterface {
  name = 'Alerts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        resolution_codes text[] NOT NULL DEFAULT '{called_back,refund,no_action,could_not_reach}',
        digest_recipients text[] NOT NULL DEFAULT '{}',
        -- The language and zone of the people who follow up: alert emails and the digest use them.
        locale text NOT NULL DEFAULT 'en',
        timezone text NOT NULL DEFAULT 'UTC',
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE campaign_alert_rules (
        campaign_id uuid PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        rules jsonb NOT NULL,
        promoter_invite jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        -- Erasing a contact takes their alerts with it: an alert is about a person.
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        assignee text,
        notify_to text[] NOT NULL DEFAULT '{}',
        team text,
        agent text,
        touchpoint text,
        reasons text[] NOT NULL,
        matches jsonb NOT NULL,
        comment text,
        language text,
        linked_alert_id uuid REFERENCES alerts(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_response_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution_code text,
        reopen_count int NOT NULL DEFAULT 0,
        notify_state text NOT NULL DEFAULT 'pending' CHECK (notify_state IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
        notify_attempts int NOT NULL DEFAULT 0,
        -- A failed send waits until then before the next try (backoff), so an SMTP outage is not hammered.
        notify_after timestamptz,
        notified_at timestamptz
      );
      CREATE INDEX alerts_workspace_created ON alerts (workspace_id, created_at DESC, id DESC);
      CREATE INDEX alerts_workspace_status ON alerts (workspace_id, status, created_at DESC);
      CREATE INDEX alerts_contact_live ON alerts (contact_id, campaign_id) WHERE status <> 'resolved';
      CREATE INDEX alerts_contact ON alerts (contact_id, created_at DESC);
      CREATE INDEX alerts_notify_pending ON alerts (created_at) WHERE notify_state = 'pending';

      -- Every response on an alert, once: the primary key is what makes a retried follow-up harmless.
      CREATE TABLE alert_responses (
        response_id uuid PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        linked_at timestamptz NOT NULL
      );
      CREATE INDEX alert_responses_alert ON alert_responses (alert_id);

      CREATE TABLE alert_events (
        id bigserial PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        note text,
        code text,
        assignee_before text,
        assignee_after text
      );
      CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

      -- Responses waiting for follow-up. A completed response is due at once; a partial one (a
      -- hang-up, an SMS conversation left half way) when it has been quiet for an hour, so a
      -- detractor who never finished is still called back.
      CREATE TABLE response_followups (
        response_id uuid PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
        due_at timestamptz NOT NULL,
        done_at timestamptz,
        completed_sent boolean NOT NULL DEFAULT false
      );
      CREATE INDEX response_followups_due ON response_followups (due_at) WHERE done_at IS NULL;

      CREATE FUNCTION palaute_followup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO response_followups (response_id, due_at)
        SELECT id, CASE WHEN completed THEN now() ELSE now() + interval '1 hour' END FROM changed
        ON CONFLICT (response_id) DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER responses_followup_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_followup_inserted();

      CREATE FUNCTION palaute_followup_completed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO response_followups (response_id, due_at) VALUES (NEW.id, now())
        ON CONFLICT (response_id) DO UPDATE SET due_at = now(), done_at = NULL;
        RETURN NULL;
      END $$;
      CREATE TRIGGER responses_followup_complete AFTER UPDATE OF completed ON responses
        FOR EACH ROW WHEN (NEW.completed AND NOT OLD.completed) EXECUTE FUNCTION palaute_followup_completed();

      -- One digest per workspace and week, whichever worker gets there first.
      CREATE TABLE digest_runs (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        week_start date NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        recipients int NOT NULL DEFAULT 0,
        PRIMARY KEY (workspace_id, week_start)
      );

      CREATE TABLE promoter_links (
        token text PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        response_id uuid NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('review', 'referral')),
        target_url text NOT NULL,
        created_at timestamptz NOT NULL,
        clicks int NOT NULL DEFAULT 0,
        first_clicked_at timestamptz
      );
      CREATE INDEX promoter_links_campaign ON promoter_links (campaign_id, created_at);
      CREATE INDEX promoter_links_contact ON promoter_links (contact_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER responses_followup_complete ON responses;
      DROP TRIGGER responses_followup_insert ON responses;
      DROP FUNCTION palaute_followup_completed();
      DROP FUNCTION palaute_followup_inserted();
      DROP TABLE promoter_links, digest_runs, response_followups, alert_events, alert_responses, alerts, campaign_alert_rules, alert_settings;
    `);
  }
}
