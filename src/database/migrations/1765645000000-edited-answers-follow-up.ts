import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An answer changed after its response was followed up (a completed survey edited on the page, a
 * later SMS correcting a score, a phone transcription arriving) puts the response back on the
 * follow-up queue: due at once when complete, after an hour of quiet when partial, like a new
 * one. The alert rules then see the answers as they are now; a response already on an alert
 * stays on it (one alert per response). Rows still waiting on the queue are left as they are.
 */
export class EditedAnswersFollowUp1765645000000 implements MigrationInterface {
  name = 'EditedAnswersFollowUp1765645000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION palaute_followup_answers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE response_followups f
        SET due_at = CASE WHEN r.completed THEN now() ELSE now() + interval '1 hour' END, done_at = NULL
        FROM (SELECT DISTINCT response_id FROM changed) c JOIN responses r ON r.id = c.response_id
        WHERE f.response_id = c.response_id AND f.done_at IS NOT NULL;
        RETURN NULL;
      END $$;
      CREATE TRIGGER answers_followup_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_followup_answers_changed();
      CREATE TRIGGER answers_followup_update AFTER UPDATE ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_followup_answers_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER answers_followup_update ON answers;
      DROP TRIGGER answers_followup_insert ON answers;
      DROP FUNCTION palaute_followup_answers_changed();
    `);
  }
}
