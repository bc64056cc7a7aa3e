import { Injectable } from '@nestjs/common';

import { notFound } from '../common/problem';
import { Sql } from '../database/sql';
import { CampaignsService } from './campaigns.service';
import { DryRun, DryRunReport, ReplayedEvent } from './dry-run';

const PAGE = 5_000;

/** Replays a campaign (draft or active) over the workspace's recorded events of a period; sends and stores nothing. */
@Injectable()
export class CampaignDryRunService {
  constructor(
    private readonly db: Sql,
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
      const rows: Array<Record<string, any>> = await this.db.query(
        `SELECT e.id, e.idempotency_key, e.type, e.properties, e.occurred_at, e.contact_id,
                c.email, c.phone, c.timezone, c.locale, c.attributes, c.email_opted_out_at, c.sms_opted_out_at, c.voice_opted_out_at
         FROM events e JOIN contacts c ON c.id = e.contact_id
         WHERE e.workspace_id = $1 AND e.type = $2 AND e.occurred_at >= $3 AND e.occurred_at < $4
           AND ($5::timestamptz IS NULL OR (e.occurred_at, e.id) > ($5, $6::uuid))
         ORDER BY e.occurred_at, e.id LIMIT ${PAGE}`,
        [workspaceId, rule.eventType, from, to, after?.at ?? null, after?.id ?? null],
      );
      replay.add(rows.map(toReplayed));
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { at: last.occurred_at, id: last.id };
    }
    return { campaignId, from: from.toISOString(), to: to.toISOString(), ...replay.report };
  }
}

function toReplayed(r: Record<string, any>): ReplayedEvent {
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
