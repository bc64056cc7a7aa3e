import { Injectable } from '@nestjs/common';

import { ResponsesListRepository } from './responses-list.repository';

/** One response as GET /v1/responses lists it. */
export interface ResponseListItem {
  id: string;
  invitationId: string;
  campaignId: string;
  contact: { externalId: string };
  channel: string;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  answers: Array<{
    questionId: string;
    value: number | string | null;
    comment: string | null;
    recording: { url: string; seconds: number } | null;
  }>;
  /** Exact (microsecond) sort key for the next page's cursor; not part of the API body. */
  position?: string;
}

/** Lists responses for the API. */
@Injectable()
export class ResponsesQueryService {
  constructor(private readonly responses: ResponsesListRepository) {}

  /** Newest first; `after` continues below a (createdAt, id) keyset position. */
  async list(q: {
    workspaceId: string;
    campaignId?: string;
    from?: Date;
    to?: Date;
    after?: { position: string; id: string };
    limit: number;
    /** An agent's view: only their team's responses. */
    onlyTeam?: { team: string | null };
  }): Promise<ResponseListItem[]> {
    const rows = await this.responses.page({
      workspaceId: q.workspaceId,
      campaignId: q.campaignId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      after: q.after ?? null,
      limit: q.limit,
      onlyTeam: q.onlyTeam,
    });
    return rows.map((r) => ({
      id: r.id,
      invitationId: r.invitation_id,
      campaignId: r.campaign_id,
      contact: { externalId: r.external_id },
      channel: r.channel,
      completed: r.completed,
      late: r.late,
      unparsedText: r.unparsed_text,
      createdAt: new Date(r.created_at).toISOString(),
      completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
      answers: r.answers,
      position: r.position,
    }));
  }
}
