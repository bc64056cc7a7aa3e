import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import type { CampaignRule } from '../policy/campaign-rule';
import { DispatchDecision, sendingWindowFor } from '../policy/dispatch-policy';
import { formatLocalTime, formatReason } from '../policy/reasons';
import { nextAllowedSendTime } from '../policy/sending-window';
import { CapWindow, capWindows } from '../policy/throttle';
import { CampaignSendCountsRepository } from './campaign-send-counts.repository';

/** How many windows ahead a deferral may look before the excess is dropped after all. */
const MAX_DEFERRALS = 100;

type Scheduled = Extract<DispatchDecision, { decision: 'scheduled' }>;

/**
 * Per-campaign caps per local hour and day: each scheduled invitation takes a slot with a
 * conditional increment (never past the cap, whichever process asks); the excess waits for the
 * next window (inside the sending window) or is dropped, and is counted either way.
 */
@Injectable()
export class ThrottleCheck {
  constructor(private readonly counts: CampaignSendCountsRepository) {}

  async apply(
    rule: CampaignRule,
    recipientZone: string | null,
    decision: Scheduled,
    tx: Queryable,
  ): Promise<DispatchDecision> {
    const caps = rule.caps;
    if (!caps) return decision;
    const zone = recipientZone ?? rule.timezone;
    const window = sendingWindowFor(rule, decision.channel as never);
    let at = new Date(decision.sendAt);
    let deferredBy: string | undefined;
    for (let i = 0; i < MAX_DEFERRALS; i++) {
      const windows = capWindows(at, rule.timezone);
      const full = await this.take(rule, windows, tx);
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
        await this.counts.countOverflow(rule.id, 'dropped', windows.day.start, tx);
        return {
          campaignId: rule.id,
          campaignName: rule.name,
          decision: 'skipped',
          reason: formatReason({ kind: 'throttled', action: 'dropped', cap: full, limit }),
        };
      }
      if (i === 0) await this.counts.countOverflow(rule.id, 'deferred', windows.day.start, tx);
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
    rule: CampaignRule,
    w: { hour: CapWindow; day: CapWindow },
    tx: Queryable,
  ): Promise<'hourly' | 'daily' | null> {
    const caps = rule.caps!;
    if (caps.perHour !== undefined && !(await this.counts.takeSlot(rule.id, 'hour', w.hour.start, caps.perHour, tx)))
      return 'hourly';
    if (caps.perDay !== undefined && !(await this.counts.takeSlot(rule.id, 'day', w.day.start, caps.perDay, tx))) {
      if (caps.perHour !== undefined) await this.counts.releaseHourSlot(rule.id, w.hour.start, tx);
      return 'daily';
    }
    return null;
  }
}
