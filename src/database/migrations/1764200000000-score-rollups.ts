import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Score rollups: counts per answer value per 15-minute bucket per dimension, kept exact by the
 * database itself.
 *
 * - Each response snapshots its dimensions when it is created (survey, language, event type, the
 *   event's properties and the contact's attributes), so later edits to a contact do not move old
 *   answers between groups.
 * - Every change to a scored answer (insert, new value, delete, its response turning late or being
 *   erased) appends a +1/−1 delta row in the same transaction: cheap on the write path, and exact
 *   however many writers run at once.
 * - A fold job sums deltas into `score_rollups` (one row per base, per dimension and per pair of
 *   dimensions); queries read the rollups plus the deltas not folded yet, so they are never stale.
 *
 * Buckets are 15 minutes because every time zone's offset is a multiple of 15 minutes: days, weeks
 * and months in any IANA zone are whole sums of buckets. The same counts are also kept per UTC hour
 * and per UTC day, so a year is read as about 365 day rows rather than 35,000 buckets.
 */
export class ScoreRollups1764200000000 implements MigrationInterface {
  name = 'ScoreRollups1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE responses
        ADD COLUMN survey_id uuid,
        ADD COLUMN language text,
        ADD COLUMN event_type text,
        ADD COLUMN dims jsonb NOT NULL DEFAULT '{}',
        -- When its invitation was sent: the response rate counts answers by when the invitation went out.
        ADD COLUMN invitation_sent_at timestamptz;

      -- The dimensions a response is counted under: scalar event properties and contact attributes
      -- (at most 6, values up to 200 characters), as {"properties.team": "Billing", "contact.tier": "gold"}.
      -- With channel and language that is at most 8 dimensions and 28 pairs per answer in the day rollups.
      CREATE FUNCTION palaute_dims_of(properties jsonb, attributes jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT COALESCE(jsonb_object_agg(k, val), '{}') FROM (
          SELECT k, val FROM (
            SELECT 'properties.' || p.key AS k, p.value #>> '{}' AS val, jsonb_typeof(p.value) AS t FROM jsonb_each(COALESCE(properties, '{}')) p
            UNION ALL
            SELECT 'contact.' || a.key, a.value #>> '{}', jsonb_typeof(a.value) FROM jsonb_each(COALESCE(attributes, '{}')) a
          ) every_dim
          WHERE t IN ('string', 'number', 'boolean') AND length(val) <= 200
          ORDER BY k LIMIT 6
        ) kept
      $$;

      CREATE FUNCTION palaute_bucket(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
        SELECT date_bin('15 minutes', at, TIMESTAMPTZ '2000-01-01 00:00:00+00')
      $$;

      -- "fi-FI" → "fi": breakdowns are by language.
      CREATE FUNCTION palaute_language_of(locale text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT lower(split_part(replace(COALESCE(locale, ''), '_', '-'), '-', 1))
      $$;

      CREATE FUNCTION palaute_response_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT i.event_type, v.survey_id, palaute_language_of(c.locale), palaute_dims_of(i.properties, c.attributes), i.sent_at
          INTO NEW.event_type, NEW.survey_id, NEW.language, NEW.dims, NEW.invitation_sent_at
        FROM invitations i JOIN survey_versions v ON v.id = NEW.survey_version_id JOIN contacts c ON c.id = NEW.contact_id
        WHERE i.id = NEW.invitation_id;
        RETURN NEW;
      END $$;
      CREATE TRIGGER responses_snapshot BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION palaute_response_snapshot();

      -- Invitations keep the same snapshot, so they are counted under the same keys when sent and
      -- when erased (the contact may already be gone by then).
      ALTER TABLE invitations ADD COLUMN language text, ADD COLUMN dims jsonb;
      CREATE FUNCTION palaute_invitation_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT palaute_language_of(c.locale), palaute_dims_of(NEW.properties, c.attributes) INTO NEW.language, NEW.dims FROM contacts c WHERE c.id = NEW.contact_id;
        RETURN NEW;
      END $$;
      CREATE TRIGGER invitations_snapshot BEFORE INSERT ON invitations FOR EACH ROW EXECUTE FUNCTION palaute_invitation_snapshot();

      CREATE TABLE rollup_deltas (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        survey_id uuid,
        question_id text NOT NULL,
        question_type text NOT NULL,
        channel text NOT NULL,
        language text NOT NULL,
        event_type text NOT NULL,
        bucket timestamptz NOT NULL,
        value_key text NOT NULL,
        value_num int,
        dims jsonb NOT NULL,
        delta int NOT NULL
      );

      CREATE TABLE score_rollups (
        workspace_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        question_id text NOT NULL,
        question_type text NOT NULL,
        bucket timestamptz NOT NULL,
        value_key text NOT NULL,
        value_num int,
        -- '' when unused: the base row has neither, a dimension row dim1, a pair row both (dim1_key < dim2_key).
        -- Dimensions: channel, language, properties.<key>, contact.<key> (survey and event type follow from the campaign).
        dim1_key text NOT NULL,
        dim1_value text NOT NULL,
        dim2_key text NOT NULL,
        dim2_value text NOT NULL,
        -- 0: the 15-minute bucket; 1: the UTC hour; 2: the UTC day (bucket is where it starts).
        -- Totals are kept at every grain, dimension and pair rows at the day grain only.
        grain smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (workspace_id, grain, dim1_key, dim2_key, bucket, campaign_id, question_id, dim1_value, dim2_value, value_key)
      );

      -- The value an answer is counted under; NULL for answers that are not scored (free text).
      CREATE FUNCTION palaute_value_key(question_type text, value_num int, value_text text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN question_type IN ('nps', 'csat', 'ces') THEN value_num::text
          WHEN question_type IN ('yes_no', 'single_choice') THEN value_text
        END
      $$;

      CREATE FUNCTION palaute_add_delta(r responses, a answers, delta int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rollup_deltas (workspace_id, campaign_id, survey_id, question_id, question_type, channel, language, event_type, bucket, value_key, value_num, dims, delta)
        SELECT r.workspace_id, r.campaign_id, r.survey_id, a.question_id, a.question_type, r.channel, COALESCE(r.language, ''), COALESCE(r.event_type, ''),
               palaute_bucket(r.created_at), palaute_value_key(a.question_type, a.value_num, a.value_text), a.value_num, r.dims, delta
        WHERE palaute_value_key(a.question_type, a.value_num, a.value_text) IS NOT NULL AND NOT r.late
      $$;

      -- Counts that are not answers ride in the same rows under their own question types: 'response'
      -- (one per response, at its time) and 'invitation' ('sent', 'delivered', 'responded', at the
      -- time the invitation was sent), so response counts and rates break down like scores.
      CREATE FUNCTION palaute_add_count(workspace_id uuid, campaign_id uuid, survey_id uuid, channel text, language text, event_type text,
                                        bucket timestamptz, kind text, what text, dims jsonb, delta int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rollup_deltas (workspace_id, campaign_id, survey_id, question_id, question_type, channel, language, event_type, bucket, value_key, value_num, dims, delta)
        SELECT workspace_id, campaign_id, survey_id, '', kind, channel, COALESCE(language, ''), COALESCE(event_type, ''), bucket, what, NULL, dims, delta
        WHERE bucket IS NOT NULL
      $$;

      CREATE FUNCTION palaute_response_counts(r responses, delta int) RETURNS void LANGUAGE sql AS $$
        SELECT palaute_add_count(r.workspace_id, r.campaign_id, r.survey_id, r.channel, r.language, r.event_type, palaute_bucket(r.created_at), 'response', 'count', r.dims, delta),
               palaute_add_count(r.workspace_id, r.campaign_id, r.survey_id, r.channel, r.language, r.event_type, palaute_bucket(r.invitation_sent_at), 'invitation', 'responded', r.dims, delta)
        WHERE NOT r.late
      $$;

      -- An answer given, changed or removed. During an erasure (the response is being deleted) the
      -- response's own trigger has already taken its answers out.
      CREATE FUNCTION palaute_answer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r responses;
      BEGIN
        IF TG_OP = 'UPDATE' AND palaute_value_key(OLD.question_type, OLD.value_num, OLD.value_text)
             IS NOT DISTINCT FROM palaute_value_key(NEW.question_type, NEW.value_num, NEW.value_text) THEN
          RETURN NULL;
        END IF;
        SELECT * INTO r FROM responses WHERE id = COALESCE(NEW.response_id, OLD.response_id);
        IF NOT FOUND THEN RETURN NULL; END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM palaute_add_delta(r, OLD, -1); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM palaute_add_delta(r, NEW, 1); END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER answers_rollup AFTER INSERT OR UPDATE OR DELETE ON answers FOR EACH ROW EXECUTE FUNCTION palaute_answer_changed();

      -- A response that turns late leaves the scores; an erased one takes its answers with it.
      CREATE FUNCTION palaute_response_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE a answers;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM palaute_response_counts(NEW, 1);
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
          FOR a IN SELECT * FROM answers WHERE response_id = OLD.id LOOP PERFORM palaute_add_delta(OLD, a, -1); END LOOP;
          PERFORM palaute_response_counts(OLD, -1);
          RETURN OLD;
        END IF;
        IF OLD.late IS DISTINCT FROM NEW.late THEN
          FOR a IN SELECT * FROM answers WHERE response_id = NEW.id LOOP
            PERFORM palaute_add_delta(OLD, a, -1);
            PERFORM palaute_add_delta(NEW, a, 1);
          END LOOP;
          PERFORM palaute_response_counts(OLD, -1);
          PERFORM palaute_response_counts(NEW, 1);
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER responses_rollup_delete BEFORE DELETE ON responses FOR EACH ROW EXECUTE FUNCTION palaute_response_changed();
      CREATE TRIGGER responses_rollup_late AFTER UPDATE OF late ON responses FOR EACH ROW EXECUTE FUNCTION palaute_response_changed();
      CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses FOR EACH ROW EXECUTE FUNCTION palaute_response_changed();

      -- Sent: the invitation went out. Delivered: accepted by the mail server and not bounced (email),
      -- reported delivered by the carrier (SMS), answered by a person (voice).
      CREATE FUNCTION palaute_is_delivered(i invitations) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT i.sent_at IS NOT NULL AND i.status <> 'failed' AND CASE i.channel
          WHEN 'email' THEN true WHEN 'sms' THEN i.delivery_status = 'delivered' WHEN 'voice' THEN i.call_outcome = 'answered' ELSE false END
      $$;

      CREATE FUNCTION palaute_invitation_counts(i invitations, delta int) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE survey uuid;
      BEGIN
        IF i.sent_at IS NULL THEN RETURN; END IF;
        SELECT v.survey_id INTO survey FROM survey_versions v WHERE v.id = i.survey_version_id;
        PERFORM palaute_add_count(i.workspace_id, i.campaign_id, survey, i.channel, i.language, i.event_type, palaute_bucket(i.sent_at), 'invitation', 'sent', COALESCE(i.dims, '{}'), delta);
        IF palaute_is_delivered(i) THEN
          PERFORM palaute_add_count(i.workspace_id, i.campaign_id, survey, i.channel, i.language, i.event_type, palaute_bucket(i.sent_at), 'invitation', 'delivered', COALESCE(i.dims, '{}'), delta);
        END IF;
      END $$;

      CREATE FUNCTION palaute_invitation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM palaute_invitation_counts(OLD, -1);
          RETURN OLD;
        END IF;
        IF TG_OP = 'INSERT' THEN
          PERFORM palaute_invitation_counts(NEW, 1);
          RETURN NULL;
        END IF;
        IF OLD.sent_at IS NOT DISTINCT FROM NEW.sent_at AND palaute_is_delivered(OLD) = palaute_is_delivered(NEW) THEN RETURN NULL; END IF;
        PERFORM palaute_invitation_counts(OLD, -1);
        PERFORM palaute_invitation_counts(NEW, 1);
        RETURN NULL;
      END $$;
      CREATE TRIGGER invitations_rollup AFTER UPDATE OF sent_at, status, delivery_status, call_outcome ON invitations FOR EACH ROW EXECUTE FUNCTION palaute_invitation_changed();
      CREATE TRIGGER invitations_rollup_insert AFTER INSERT ON invitations FOR EACH ROW WHEN (NEW.sent_at IS NOT NULL) EXECUTE FUNCTION palaute_invitation_changed();
      CREATE TRIGGER invitations_rollup_delete BEFORE DELETE ON invitations FOR EACH ROW EXECUTE FUNCTION palaute_invitation_changed();

      -- Responses given before this migration: snapshot them and count their answers.
      UPDATE responses r SET event_type = i.event_type, survey_id = v.survey_id, language = palaute_language_of(c.locale),
        dims = palaute_dims_of(i.properties, c.attributes), invitation_sent_at = i.sent_at
      FROM invitations i, survey_versions v, contacts c
      WHERE i.id = r.invitation_id AND v.id = r.survey_version_id AND c.id = r.contact_id;
      SELECT palaute_add_delta(r, a, 1) FROM responses r JOIN answers a ON a.response_id = r.id;
      SELECT palaute_response_counts(r, 1) FROM responses r;
      UPDATE invitations i SET language = palaute_language_of(c.locale), dims = palaute_dims_of(i.properties, c.attributes) FROM contacts c WHERE c.id = i.contact_id;
      SELECT palaute_invitation_counts(i, 1) FROM invitations i WHERE i.sent_at IS NOT NULL;
      CREATE INDEX score_rollups_campaign ON score_rollups (workspace_id, campaign_id, grain, dim1_key, dim2_key, bucket);
      -- The exact ends of a period are read from the source rows by time.
      CREATE INDEX invitations_workspace_sent ON invitations (workspace_id, sent_at) WHERE sent_at IS NOT NULL;
      CREATE INDEX responses_workspace_invitation_sent ON responses (workspace_id, invitation_sent_at) WHERE invitation_sent_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER invitations_rollup ON invitations;
      DROP TRIGGER invitations_snapshot ON invitations;
      DROP TRIGGER invitations_rollup_delete ON invitations;
      DROP TRIGGER invitations_rollup_insert ON invitations;
      DROP TRIGGER responses_rollup_insert ON responses;
      DROP TRIGGER responses_rollup_late ON responses;
      DROP TRIGGER responses_rollup_delete ON responses;
      DROP TRIGGER answers_rollup ON answers;
      DROP TRIGGER responses_snapshot ON responses;
      DROP FUNCTION palaute_invitation_snapshot(), palaute_invitation_changed(), palaute_invitation_counts(invitations, int), palaute_is_delivered(invitations),
        palaute_response_counts(responses, int), palaute_add_count(uuid, uuid, uuid, text, text, text, timestamptz, text, text, jsonb, int);
      DROP FUNCTION palaute_response_changed(), palaute_answer_changed(), palaute_add_delta(responses, answers, int),
        palaute_value_key(text, int, text), palaute_response_snapshot(), palaute_language_of(text), palaute_dims_of(jsonb, jsonb), palaute_bucket(timestamptz);
      DROP INDEX invitations_workspace_sent, responses_workspace_invitation_sent;
      DROP TABLE score_rollups, rollup_deltas;
      ALTER TABLE invitations DROP COLUMN language, DROP COLUMN dims;
      ALTER TABLE responses DROP COLUMN survey_id, DROP COLUMN language, DROP COLUMN event_type, DROP COLUMN dims, DROP COLUMN invitation_sent_at;
    `);
  }
}
