import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many reminders an invitation has had. Reminders were picked by step, but a fallback (a failed
 * call moving to email) takes a step too, so after a fallback the campaign's first reminder was
 * never sent. Invitations still under way keep the cadence the step gave them.
 */
export class RemindersSent1765630000000 implements MigrationInterface {
  name = 'RemindersSent1765630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invitations ADD COLUMN reminders_sent int NOT NULL DEFAULT 0;
      UPDATE invitations SET reminders_sent = step WHERE step > 0 AND status IN ('scheduled', 'sending', 'sent');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP COLUMN reminders_sent;`);
  }
}
