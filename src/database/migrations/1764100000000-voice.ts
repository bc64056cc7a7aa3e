import { MigrationInterface, QueryRunner } from 'typeorm';

/** Phone surveys: caller numbers and call rates, calling windows, call outcomes and recorded answers. */
export class Voice1764100000000 implements MigrationInterface {
  name = 'Voice1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contacts ADD COLUMN voice_opted_out_at timestamptz;

      ALTER TABLE twilio_accounts
        ADD COLUMN caller_id text,
        ADD COLUMN calls_per_second numeric;

      -- The zone for contacts without their own, the hours calls may be placed, and the IVR's options.
      ALTER TABLE campaigns
        ADD COLUMN timezone text NOT NULL DEFAULT 'UTC',
        ADD COLUMN calling_window jsonb,
        ADD COLUMN voice_options jsonb;

      -- How a call ended (answered, machine, busy, no-answer, failed, canceled), for retry and fallback rules.
      ALTER TABLE invitations ADD COLUMN call_outcome text;

      -- An open question answered on the phone: the recording, and its transcription when Twilio sends one.
      ALTER TABLE answers
        ADD COLUMN recording_url text,
        ADD COLUMN recording_seconds int,
        ADD COLUMN transcription text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE answers DROP COLUMN recording_url, DROP COLUMN recording_seconds, DROP COLUMN transcription;
      ALTER TABLE invitations DROP COLUMN call_outcome;
      ALTER TABLE campaigns DROP COLUMN timezone, DROP COLUMN calling_window, DROP COLUMN voice_options;
      ALTER TABLE twilio_accounts DROP COLUMN caller_id, DROP COLUMN calls_per_second;
      ALTER TABLE contacts DROP COLUMN voice_opted_out_at;
    `);
  }
}
