import { MigrationInterface, QueryRunner } from 'typeorm';

/** Survey fatigue: a workspace-wide and a per-campaign minimum number of days between surveys of one contact. */
export class Fatigue1764600000000 implements MigrationInterface {
  name = 'Fatigue1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspaces ADD COLUMN fatigue_days int CHECK (fatigue_days BETWEEN 1 AND 3650);
      ALTER TABLE campaigns ADD COLUMN fatigue_days int CHECK (fatigue_days BETWEEN 1 AND 3650);
      -- The fatigue check reads a contact's recent surveys on every event.
      CREATE INDEX invitations_contact_send ON invitations (contact_id, send_at DESC) WHERE status IN ('scheduled', 'sending', 'sent');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX invitations_contact_send; ALTER TABLE campaigns DROP COLUMN fatigue_days; ALTER TABLE workspaces DROP COLUMN fatigue_days;`,
    );
  }
}
