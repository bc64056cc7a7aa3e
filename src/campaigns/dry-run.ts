import type { CampaignRule } from '../policy/campaign-rule';
import { decideDispatch, DispatchDecision, RecipientFacts } from '../policy/dispatch-policy';
import { matchesTrigger, TriggerEvent } from '../policy/trigger-filter';

/** One past event as the dry run replays it, with its contact as the contact is now. */
export interface ReplayedEvent {
  key: string;
  event: TriggerEvent;
  occurredAt: Date;
  contactId: string;
  recipient: RecipientFacts;
}

export interface DryRunReport {
  events: number;
  matched: number;
  wouldSurvey: number;
  byChannel: Record<string, number>;
  skipped: Record<string, number>;
}

/** Reasons grouped so counts add up: "surveyed 12 days ago by …" and "surveyed 3 days ago by …" are one reason. */
export function reasonGroup(reason: string): string {
  return reason.replace(/\b(\d[\d,]*|less than a) days? ago\b/, 'recently');
}

/**
 * A campaign's rules replayed over past events, without sending or storing anything: how many
 * people would have been surveyed, by channel, and how many skipped for each reason. Each event is
 * decided as if it arrived when it occurred; the campaign's own dedupe and fatigue cap apply among
 * the replayed events (earlier real surveys are not looked at). Pure.
 */
export class DryRun {
  readonly report: DryRunReport = { events: 0, matched: 0, wouldSurvey: 0, byChannel: {}, skipped: {} };
  private readonly surveyedAt = new Map<string, number>();
  private readonly tickets = new Set<string>();

  constructor(private readonly rule: CampaignRule) {}

  /** Replays the next events, oldest first (call once per page). */
  add(events: ReplayedEvent[]): void {
    for (const e of events) this.replay(e);
  }

  private replay(e: ReplayedEvent): void {
    const { rule, report, surveyedAt, tickets } = this;
    const active = { ...rule, status: 'active' as const };
    report.events++;
    if (!matchesTrigger(e.event, rule)) return;
    report.matched++;
    let d: DispatchDecision = decideDispatch(active, e.recipient, e.occurredAt, e.occurredAt, e.key);
    if (d.decision === 'scheduled' && rule.dedupeBy) {
      const value = e.event.properties?.[rule.dedupeBy.slice('properties.'.length)];
      const ticket = value === undefined ? undefined : JSON.stringify([e.contactId, value]);
      if (ticket && tickets.has(ticket))
        d = { ...d, decision: 'skipped', reason: `already surveyed for this ${rule.dedupeBy}` } as DispatchDecision;
      else if (ticket) tickets.add(ticket);
    }
    if (d.decision === 'scheduled' && rule.fatigueDays) {
      const last = surveyedAt.get(e.contactId);
      const at = new Date(d.sendAt).getTime();
      if (last !== undefined && Math.abs(at - last) < rule.fatigueDays * 86_400_000) {
        d = {
          campaignId: rule.id,
          campaignName: rule.name,
          decision: 'skipped',
          reason: `surveyed recently by campaign "${rule.name}" (campaign cap ${rule.fatigueDays} days)`,
        };
      } else surveyedAt.set(e.contactId, at);
    }
    if (d.decision === 'scheduled') {
      report.wouldSurvey++;
      report.byChannel[d.channel] = (report.byChannel[d.channel] ?? 0) + 1;
    } else {
      const group = reasonGroup(d.reason);
      report.skipped[group] = (report.skipped[group] ?? 0) + 1;
    }
  }
}
