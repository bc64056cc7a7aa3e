import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import type { CampaignRule } from '../policy/campaign-rule';
import { DispatchDecision, sendingWindowFor } from '../policy/dispatch-policy';
import { formatLocalTime, formatReason } from '../policy/reasons';
import { nextAllowedSendTime } from '../policy/sending-window';
import { CapWindow, capWindows } from '../policy/throttle';

/** How many windows ahead a deferral may look before the excess is dropped after all. */
const MAX_DEFERRALS = 100;

type Scheduled = Extract<DispatchDecision, { decision: 'scheduled' }>;

/**
 * Per-campaign caps per local hour and day: each scheduled invitation takes a slot with a
 * conditional increment (never past the cap, whichever process asks); the excess waits for the
 * next window (inside the sending window) or is dropped, and is counted either way.
 */
@Injectable()
export class ThrottleGuard {
  async apply(
    tx: Queryable,
    rule: CampaignRule,
    recipientZone: string | null,
    decision: Scheduled,
  ): Promise<DispatchDecision> {
    const caps = rule.caps;
    if (!caps) return decision;
    const zone = recipientZone ?? rule.timezone;
    const window = sendingWindowFor(rule, decision.channel as never);
    let at = new Date(decision.sendAt);
    let deferredBy: string | undefined;
    for (let i = 0; i < MAX_DEFERRALS; i++) {
      const windows = capWindows(at, rule.timezone);
      const full = await this.take(tx, rule, windows);
      if (!full) {
        return deferredBy
          ? {
              ...decision,
              sendAt: at.toISOString(),
              reason: `${deferredBy}; scheduled for ${formatLocalTime(at, zone)}`,
            }
          : decision;
      }
      const limit = full === 'daily' ? caps.perDay! : caps.perHour!;
      if (caps.overflow === 'drop') {
        await this.count(tx, rule.id, 'dropped', windows.day.start);
        return {
          campaignId: rule.id,
          campaignName: rule.name,
          decision: 'skipped',
          reason: formatReason({ kind: 'throttled', action: 'dropped', cap: full, limit }),
        };
      }
      if (i === 0) await this.count(tx, rule.id, 'deferred', windows.day.start);
      deferredBy ??= formatReason({ kind: 'throttled', action: 'deferred', cap: full, limit });
      at = full === 'daily' ? windows.day.end : windows.hour.end;
      if (window) at = nextAllowedSendTime(at, window, zone, rule.holidays ?? undefined);
    }
    return {
      campaignId: rule.id,
      campaignName: rule.name,
      decision: 'skipped',
      reason: `${deferredBy}: no room in the next ${MAX_DEFERRALS} windows`,
    };
  }

  /** Takes an hour and a day slot, both or neither; null when taken, else the cap that is full. */
  private async take(
    tx: Queryable,
    rule: CampaignRule,
    w: { hour: CapWindow; day: CapWindow },
  ): Promise<'hourly' | 'daily' | null> {
    const caps = rule.caps!;
    if (caps.perHour !== undefined && !(await this.increment(tx, rule.id, 'hour', w.hour.start, caps.perHour)))
      return 'hourly';
    if (caps.perDay !== undefined && !(await this.increment(tx, rule.id, 'day', w.day.start, caps.perDay))) {
      if (caps.perHour !== undefined) {
        await tx.query(
          `UPDATE campaign_send_counts SET n = n - 1 WHERE campaign_id = $1 AND kind = 'hour' AND window_start = $2`,
          [rule.id, w.hour.start],
        );
      }
      return 'daily';
    }
    return null;
  }

  private async increment(
    tx: Queryable,
    campaignId: string,
    kind: 'hour' | 'day',
    start: Date,
    cap: number,
  ): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO campaign_send_counts (campaign_id, kind, window_start, n) VALUES ($1, $2, $3, 1)
       ON CONFLICT (campaign_id, kind, window_start) DO UPDATE SET n = campaign_send_counts.n + 1 WHERE campaign_send_counts.n < $4
       RETURNING n`,
      [campaignId, kind, start, cap],
    );
    return rows.length > 0;
  }

  private async count(tx: Queryable, campaignId: string, kind: 'deferred' | 'dropped', dayStart: Date): Promise<void> {
    await tx.query(
      `INSERT INTO campaign_send_counts (campaign_id, kind, window_start, n) VALUES ($1, $2, $3, 1)
       ON CONFLICT (campaign_id, kind, window_start) DO UPDATE SET n = campaign_send_counts.n + 1`,
      [campaignId, kind, dayStart],
    );
  }
}
