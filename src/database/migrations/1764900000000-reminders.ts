import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminders: up to three, at given delays after the last send, on the same or the next channel. */
export class Reminders1764900000000 implements MigrationInterface {
  name = 'Reminders1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns ADD COLUMN reminders jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP COLUMN reminders`);
  }
}
