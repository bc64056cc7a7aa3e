import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workspace's SMS rate may be fractional (0.5 a second), as SMS_PER_SECOND and calls_per_second
 * already are; the int column turned `smsPerSecond: 0.5` into a 500. Existing whole rates are kept.
 */
export class SmsRateNumeric1765640000000 implements MigrationInterface {
  name = 'SmsRateNumeric1765640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE twilio_accounts ALTER COLUMN sms_per_second TYPE numeric;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE twilio_accounts ALTER COLUMN sms_per_second TYPE int USING ceil(sms_per_second);`);
  }
}
