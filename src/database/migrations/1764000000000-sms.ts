import { MigrationInterface, QueryRunner } from 'typeorm';

/** Two-way SMS: per-workspace Twilio accounts, SMS opt-outs, delivery status, inbound messages and conversation state. */
export class Sms1764000000000 implements MigrationInterface {
  name = 'Sms1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contacts ADD COLUMN sms_opted_out_at timestamptz;
      -- Inbound SMS are routed by the sender's number.
      CREATE INDEX contacts_workspace_phone ON contacts (workspace_id, phone) WHERE phone IS NOT NULL;

      -- A workspace's own Twilio account; without a row the environment's account is used.
      CREATE TABLE twilio_accounts (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        account_sid text NOT NULL,
        auth_token_sealed text NOT NULL,
        sender text NOT NULL,
        sms_per_second int,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE invitations
        ADD COLUMN sender text,
        ADD COLUMN delivery_status text,
        ADD COLUMN delivery_error_code int,
        ADD COLUMN delivery_updated_at timestamptz;
      CREATE INDEX invitations_open_sms ON invitations (contact_id, sent_at DESC) WHERE channel = 'sms' AND status = 'sent';
      CREATE INDEX invitations_provider_message ON invitations (provider_message_id) WHERE provider_message_id IS NOT NULL;

      ALTER TABLE responses
        ADD COLUMN late boolean NOT NULL DEFAULT false,
        ADD COLUMN unparsed_text text;

      -- Where an SMS survey conversation stands: the question we asked last and how often we could not read the reply.
      CREATE TABLE sms_conversations (
        invitation_id uuid PRIMARY KEY REFERENCES invitations(id) ON DELETE CASCADE,
        awaiting_question_id text,
        misses int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Every inbound SMS, kept whatever it said; MessageSid makes Twilio's redeliveries idempotent.
      CREATE TABLE inbound_sms (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        message_sid text NOT NULL,
        from_number text NOT NULL,
        to_number text NOT NULL,
        body text NOT NULL,
        contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
        invitation_id uuid REFERENCES invitations(id) ON DELETE SET NULL,
        outcome text NOT NULL,
        reply text,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, message_sid)
      );
      CREATE INDEX inbound_sms_invitation ON inbound_sms (invitation_id) WHERE invitation_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE inbound_sms, sms_conversations, twilio_accounts;
      ALTER TABLE responses DROP COLUMN late, DROP COLUMN unparsed_text;
      DROP INDEX invitations_open_sms; DROP INDEX invitations_provider_message;
      ALTER TABLE invitations DROP COLUMN sender, DROP COLUMN delivery_status, DROP COLUMN delivery_error_code, DROP COLUMN delivery_updated_at;
      DROP INDEX contacts_workspace_phone;
      ALTER TABLE contacts DROP COLUMN sms_opted_out_at;
    `);
  }
}
