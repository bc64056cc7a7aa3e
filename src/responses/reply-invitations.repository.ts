import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

/** An invitation with its contact's locale, as a reply to it needs them. */
export interface ReplyInvitationRow {
  id: string;
  token: string;
  workspace_id: string;
  campaign_id: string;
  survey_version_id: string;
  contact_id: string;
  channel: string;
  status: string;
  expires_at: Date | null;
  locale: string | null;
}

/**
 * Read-only lookups on invitations and contacts (lower layers) for the replies a response is made
 * of. Rows stay snake_case.
 */
@Injectable()
export class ReplyInvitationsRepository {
  constructor(private readonly db: Sql) {}

  /** The invitation a survey link's token names, or null. */
  async byToken(token: string): Promise<ReplyInvitationRow | null> {
    const [row] = await this.db.query<ReplyInvitationRow>(
      `SELECT i.id, i.token, i.workspace_id, i.campaign_id, i.survey_version_id, i.contact_id, i.channel, i.status, i.expires_at, c.locale
       FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.token = $1`,
      [token],
    );
    return row ?? null;
  }
}
