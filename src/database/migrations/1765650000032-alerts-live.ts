import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's live stream: an alert raised, or one whose status or assignee changes, sends
 * `pg_notify('palaute_live', 'alert:<insert|update>:<workspaceId>:<alertId>')` once the change
 * commits, whichever process made it (the follow-up worker raises alerts, the API acts on them).
 * The same channel as the response notifications, so one listening connection serves both; the
 * campaign stream ignores payloads it does not recognise. Ids only, as for responses.
 */
export class AlertsLive1765650000032 implements MigrationInterface {
  name = 'AlertsLive1765650000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION palaute_live_alerts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('palaute_live', 'alert:' || lower(TG_OP) || ':' || NEW.workspace_id::text || ':' || NEW.id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER alerts_live_insert AFTER INSERT ON alerts
        FOR EACH ROW EXECUTE FUNCTION palaute_live_alerts_changed();
      -- Notes and follow-up bookkeeping (last response, notification state) are not inbox news.
      CREATE TRIGGER alerts_live_update AFTER UPDATE OF status, assignee ON alerts
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee IS DISTINCT FROM NEW.assignee)
        EXECUTE FUNCTION palaute_live_alerts_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER alerts_live_update ON alerts;
      DROP TRIGGER alerts_live_insert ON alerts;
      DROP FUNCTION palaute_live_alerts_changed();
    `);
  }
}
