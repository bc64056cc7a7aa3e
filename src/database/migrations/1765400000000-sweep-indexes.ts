import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker's recovery sweep (every 30 s) looks for invitations due but not picked up, and sends
 * stuck in `sending`. Without an index it read every invitation: 4 s a sweep at ten million, on
 * every worker. Partial indexes hold only the few rows in those two states.
 */
export class SweepIndexes1765400000000 implements MigrationInterface {
  name = 'SweepIndexes1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX invitations_due ON invitations (send_at) WHERE status = 'scheduled';
      CREATE INDEX invitations_sending ON invitations (updated_at) WHERE status = 'sending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitations_sending; DROP INDEX invitations_due;`);
  }
}
