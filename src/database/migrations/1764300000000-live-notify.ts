import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live dashboards: every change to a response or its answers sends `pg_notify('palaute_live',
 * '<campaignId>:<responseId>')`, so each process's listener learns of it whichever process (or
 * operator's SQL) wrote it. Payloads carry ids only: names and answers never travel on the wire,
 * and listeners load what they need in batches.
 *
 * Statement-level triggers with transition tables send one notification per response per statement
 * (a batch of SMS replies is one statement), and Postgres folds identical notifications within a
 * transaction, so a survey page submit that touches a response and three answers notifies once.
 */
export class LiveNotify1764300000000 implements MigrationInterface {
  name = 'LiveNotify1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION palaute_live_responses_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('palaute_live', c.campaign_id::text || ':' || c.id::text)
        FROM (SELECT DISTINCT campaign_id, id FROM changed) c;
        RETURN NULL;
      END $$;

      -- The response row may already be gone when answers go with it (erasure): its own trigger covers that.
      CREATE FUNCTION palaute_live_answers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('palaute_live', r.campaign_id::text || ':' || r.id::text)
        FROM responses r WHERE r.id IN (SELECT response_id FROM changed);
        RETURN NULL;
      END $$;

      -- A trigger with transition tables handles one event, hence three of each.
      CREATE TRIGGER responses_live_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_responses_changed();
      CREATE TRIGGER responses_live_update AFTER UPDATE ON responses REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_responses_changed();
      CREATE TRIGGER responses_live_delete AFTER DELETE ON responses REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_responses_changed();

      CREATE TRIGGER answers_live_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_answers_changed();
      CREATE TRIGGER answers_live_update AFTER UPDATE ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_answers_changed();
      CREATE TRIGGER answers_live_delete AFTER DELETE ON answers REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION palaute_live_answers_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER answers_live_delete ON answers;
      DROP TRIGGER answers_live_update ON answers;
      DROP TRIGGER answers_live_insert ON answers;
      DROP TRIGGER responses_live_delete ON responses;
      DROP TRIGGER responses_live_update ON responses;
      DROP TRIGGER responses_live_insert ON responses;
      DROP FUNCTION palaute_live_answers_changed();
      DROP FUNCTION palaute_live_responses_changed();
    `);
  }
}
