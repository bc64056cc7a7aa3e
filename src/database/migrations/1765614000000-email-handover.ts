import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the current step's email was handed to the SMTP server: written, and committed, just
 * before the final dot of DATA. A send found in `sending` with this set was cut off between the
 * dot and the server's reply, so the server may hold the message; one without it never got that
 * far and is safe to send again. Cleared when the invitation moves to another step.
 */
export class EmailHandover1765614000000 implements MigrationInterface {
  name = 'EmailHandover1765614000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations ADD COLUMN handed_over_at timestamptz;`);
    // The review list: handed-over emails whose reply never came (GET /v1/invitations?delivery=uncertain).
    await q.query(
      `CREATE INDEX invitations_delivery_review ON invitations (workspace_id, delivery_status, created_at DESC, id DESC) WHERE delivery_status IN ('uncertain', 'resent');`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitations_delivery_review;`);
    await q.query(`ALTER TABLE invitations DROP COLUMN handed_over_at;`);
  }
}
