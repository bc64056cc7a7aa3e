import { Injectable } from '@nestjs/common';

import { CampaignsService } from '../campaigns/campaigns.service';
import { DryRun, DryRunReport, ReplayedEvent } from '../campaigns/dry-run';
import { notFound } from '../common/problem';
import { EventsRepository, REPLAY_PAGE, ReplayRow } from './events.repository';

/**
 * Replays a campaign (draft or active) over the workspace's recorded events of a period; sends and
 * stores nothing. It lives with the events it reads: campaigns sit below events and cannot read them.
 */
@Injectable()
export class CampaignDryRunService {
  constructor(
    private readonly events: EventsRepository,
    private readonly campaigns: CampaignsService,
  ) {}

  async run(
    workspaceId: string,
    campaignId: string,
    from: Date,
    to: Date,
  ): Promise<DryRunReport & { from: string; to: string; campaignId: string }> {
    const rule = await this.campaigns.ruleOf(workspaceId, campaignId);
    if (!rule) throw notFound('Campaign');
    const replay = new DryRun(rule);
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      // Pages in event order, so the campaign's own dedupe and caps see events as they came.
      const rows = await this.events.replayPage(workspaceId, rule.eventType, { from, to }, after);
      replay.add(rows.map(toReplayed));
      if (rows.length < REPLAY_PAGE) break;
      const last = rows[rows.length - 1];
      after = { at: last.occurred_at, id: last.id };
    }
    return { campaignId, from: from.toISOString(), to: to.toISOString(), ...replay.report };
  }
}

function toReplayed(r: ReplayRow): ReplayedEvent {
  return {
    key: r.idempotency_key,
    event: { type: r.type, properties: r.properties, contact: { attributes: r.attributes, locale: r.locale } },
    occurredAt: new Date(r.occurred_at),
    contactId: r.contact_id,
    recipient: {
      email: r.email,
      emailOptedOut: r.email_opted_out_at !== null,
      phone: r.phone,
      smsOptedOut: r.sms_opted_out_at !== null,
      voiceOptedOut: r.voice_opted_out_at !== null,
      timezone: r.timezone,
    },
  };
}
