import { MigrationInterface, QueryRunner } from 'typeorm';

/** One survey per ticket (a property names it), and events that cancel pending surveys. */
export class DedupeCancel1764700000000 implements MigrationInterface {
  name = 'DedupeCancel1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns ADD COLUMN dedupe_by text, ADD COLUMN cancel_on jsonb NOT NULL DEFAULT '[]';
      -- What an event cancelled, replayed with its answer to a repeat.
      ALTER TABLE events ADD COLUMN cancelled jsonb;
      -- Both look for a contact's invitations from one campaign.
      CREATE INDEX invitations_campaign_contact ON invitations (campaign_id, contact_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX invitations_campaign_contact; ALTER TABLE events DROP COLUMN cancelled; ALTER TABLE campaigns DROP COLUMN dedupe_by, DROP COLUMN cancel_on;`,
    );
  }
}
