import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 202 answer of each event as the exact text that was sent, so an idempotent repeat gets the
 * same bytes back (jsonb keeps the meaning but reorders keys). Older events keep NULL and are
 * answered from their decisions as before.
 */
export class EventAnswers1765620000000 implements MigrationInterface {
  name = 'EventAnswers1765620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN answer text;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP COLUMN answer;`);
  }
}
