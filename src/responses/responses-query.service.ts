import { Injectable } from '@nestjs/common';

import { CampaignsService } from '../campaigns/campaigns.service';
import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import type { ResponseFilter } from './response-filters.sql-builder';
import { ResponseListRow, ResponsesListRepository } from './responses-list.repository';

/** One response as GET /v1/responses lists it. */
export interface ResponseListItem {
  id: string;
  invitationId: string;
  campaignId: string;
  contact: { externalId: string };
  channel: string;
  /** The event's `team` property. */
  team: string | null;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  answers: Array<{
    questionId: string;
    type: string;
    value: number | string | null;
    comment: string | null;
    recording: { url: string; seconds: number } | null;
  }>;
  tags: string[];
}

/** The filters of GET /v1/responses. */
export interface ResponseListQuery {
  workspaceId: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
  /** Channel, journey properties (team, agent, touchpoint, location), NPS bands, words, has words, tag. */
  filter: ResponseFilter;
  cursor?: KeysetPosition;
  limit: number;
  /** An agent's view: only their team's responses (a `team` filter can only narrow it further). */
  onlyTeam?: { team: string | null };
}

/** Lists responses for the API. */
@Injectable()
export class ResponsesQueryService {
  constructor(
    private readonly responses: ResponsesListRepository,
    private readonly campaigns: CampaignsService,
  ) {}

  /** Newest first, a page at a time; a campaignId the workspace does not have is a 404 naming it. */
  async list(q: ResponseListQuery): Promise<Page<ResponseListItem>> {
    if (q.campaignId) await this.campaigns.assertFilter(q.workspaceId, q.campaignId);
    const rows = await this.responses.page({
      workspaceId: q.workspaceId,
      campaignId: q.campaignId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      filter: q.filter,
      after: q.cursor ?? null,
      limit: q.limit + 1,
      onlyTeam: q.onlyTeam,
    });
    return pageOf(rows, q.limit, positionOf, toListItem);
  }
}

function toListItem(r: ResponseListRow): ResponseListItem {
  return {
    id: r.id,
    invitationId: r.invitation_id,
    campaignId: r.campaign_id,
    contact: { externalId: r.external_id },
    channel: r.channel,
    team: r.team,
    completed: r.completed,
    late: r.late,
    unparsedText: r.unparsed_text,
    createdAt: new Date(r.created_at).toISOString(),
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
    answers: r.answers,
    tags: r.tags,
  };
}
