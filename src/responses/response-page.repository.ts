import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import type { SurveyDefinition } from '../surveys/survey-definition';

/** One stored answer with its question type and when it was given. */
export interface PageAnswerJson {
  questionId: string;
  type: string;
  valueNum: number | null;
  valueText: string | null;
  recordingUrl: string | null;
  recordingSeconds: number | null;
  answeredAt: string;
}

/**
 * A response with everything its page shows, read in one statement so the picture is consistent:
 * the response, its answers, the survey version it answered, the campaign, the contact, the
 * invitation (delivery) and the event that triggered it, and its tags.
 */
export interface ResponsePageRow {
  id: string;
  invitation_id: string;
  channel: string;
  language: string | null;
  completed: boolean;
  late: boolean;
  unparsed_text: string | null;
  created_at: Date;
  completed_at: Date | null;
  team: string | null;
  survey_id: string;
  survey_version_id: string;
  survey_version: number;
  survey_definition: SurveyDefinition;
  campaign_id: string;
  campaign_name: string;
  campaign_channels: string[];
  contact_id: string;
  external_id: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_locale: string | null;
  event_id: string | null;
  event_type: string | null;
  event_properties: Record<string, unknown> | null;
  event_occurred_at: Date | null;
  event_received_at: Date | null;
  invitation_event_type: string;
  invitation_properties: Record<string, unknown>;
  invitation_status: string;
  invitation_reason: string | null;
  invitation_channel: string;
  invitation_step: number;
  send_at: Date | null;
  sent_at: Date | null;
  handed_over_at: Date | null;
  expires_at: Date | null;
  delivery_status: string | null;
  delivery_error_code: number | null;
  delivery_updated_at: Date | null;
  call_outcome: string | null;
  attempts: number;
  reminders_sent: number;
  invitation_created_at: Date;
  invitation_updated_at: Date;
  answers: PageAnswerJson[];
  tags: string[];
}

/**
 * The response page (GET /v1/responses/:id): responses and answers, and read-only the survey
 * versions, campaigns, contacts, invitations and events they point at. Rows stay snake_case.
 */
@Injectable()
export class ResponsePageRepository {
  constructor(private readonly db: Sql) {}

  /** The response, or undefined when the workspace has none such (or, for `onlyTeam`, not of that team). */
  async find(
    workspaceId: string,
    responseId: string,
    onlyTeam?: { team: string | null },
  ): Promise<ResponsePageRow | undefined> {
    const [row] = await this.db.query<ResponsePageRow>(
      `SELECT r.id, r.invitation_id, r.channel, r.language, r.completed, r.late, r.unparsed_text, r.created_at, r.completed_at,
              r.dims->>'properties.team' AS team,
              sv.survey_id, r.survey_version_id, sv.version AS survey_version, sv.definition AS survey_definition,
              r.campaign_id, cp.name AS campaign_name, cp.channels AS campaign_channels,
              c.id AS contact_id, c.external_id, c.name AS contact_name, c.email AS contact_email, c.phone AS contact_phone, c.locale AS contact_locale,
              i.event_id, e.type AS event_type, e.properties AS event_properties, e.occurred_at AS event_occurred_at, e.received_at AS event_received_at,
              i.event_type AS invitation_event_type, i.properties AS invitation_properties,
              i.status AS invitation_status, i.status_reason AS invitation_reason, i.channel AS invitation_channel, i.step AS invitation_step,
              i.send_at, i.sent_at, i.handed_over_at, i.expires_at, i.delivery_status, i.delivery_error_code, i.delivery_updated_at,
              i.call_outcome, i.attempts, i.reminders_sent, i.created_at AS invitation_created_at, i.updated_at AS invitation_updated_at,
              COALESCE((SELECT json_agg(json_build_object('questionId', a.question_id, 'type', a.question_type, 'valueNum', a.value_num,
                                 'valueText', a.value_text, 'recordingUrl', a.recording_url, 'recordingSeconds', a.recording_seconds,
                                 'answeredAt', a.answered_at) ORDER BY a.answered_at, a.question_id)
                        FROM answers a WHERE a.response_id = r.id), '[]') AS answers,
              ARRAY(SELECT t.tag FROM response_tags t WHERE t.response_id = r.id ORDER BY t.tag) AS tags
       FROM responses r
       JOIN contacts c ON c.id = r.contact_id
       JOIN invitations i ON i.id = r.invitation_id
       JOIN campaigns cp ON cp.id = r.campaign_id
       JOIN survey_versions sv ON sv.id = r.survey_version_id
       LEFT JOIN events e ON e.id = i.event_id
       WHERE r.workspace_id = $1 AND r.id = $2 AND (NOT $3::boolean OR r.dims->>'properties.team' = $4::text)`,
      [workspaceId, responseId, onlyTeam !== undefined, onlyTeam?.team ?? null],
    );
    return row;
  }
}
