import { Injectable } from '@nestjs/common';

import { VoiceOptions } from '../campaigns/campaign.schema';
import { Sql } from '../database/sql';
import { Answers } from '../surveys/survey-definition';

// One statement loads, for every call turn arriving at about the same moment, the invitation, its
// campaign's voice options and the answers so far: a busy hour costs one lookup per batch, not per key press.
const LOAD_SQL = `
  SELECT u.token, i.id, i.workspace_id, i.campaign_id, i.survey_version_id, i.contact_id, i.status,
         (i.expires_at IS NOT NULL AND i.expires_at <= $3) AS expired, c.locale, cp.voice_options,
         (SELECT jsonb_object_agg(a.question_id, COALESCE(to_jsonb(a.value_num), to_jsonb(a.value_text)))
            FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = i.id) AS answers
  FROM unnest($1::text[], $2::uuid[]) AS u(token, workspace_id)
  JOIN invitations i ON i.token = u.token AND i.workspace_id = u.workspace_id AND i.channel = 'voice'
  JOIN contacts c ON c.id = i.contact_id JOIN campaigns cp ON cp.id = i.campaign_id`;

/** A survey call's invitation, its contact's locale, its campaign's voice options and the answers so far. */
export interface VoiceCallRow {
  token: string;
  id: string;
  workspace_id: string;
  campaign_id: string;
  survey_version_id: string;
  contact_id: string;
  status: string;
  expired: boolean;
  locale: string | null;
  voice_options: VoiceOptions | null;
  answers: Answers | null;
}

/** Which call a Twilio request is about: the token in its signed URL, within the workspace. */
export interface VoiceCallKey {
  workspaceId: string;
  token: string;
}

/**
 * The read behind the phone survey (see VoiceCallService). Replies own no table for calls: this
 * reads invitations, contacts, campaigns, responses and answers, read-only.
 */
@Injectable()
export class VoiceCallRepository {
  constructor(private readonly db: Sql) {}

  /** The voice invitations behind the keys; a key with none has no row. */
  loadMany(keys: VoiceCallKey[], now: Date): Promise<VoiceCallRow[]> {
    return this.db.query<VoiceCallRow>(LOAD_SQL, [keys.map((k) => k.token), keys.map((k) => k.workspaceId), now]);
  }
}
