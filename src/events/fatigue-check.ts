import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import type { CampaignRule } from '../policy/campaign-rule';
import type { DispatchDecision } from '../policy/dispatch-policy';
import { findFatigueConflict, RecentSurvey } from '../policy/fatigue';
import { formatReason } from '../policy/reasons';
import { DispatchFactsRepository } from './dispatch-facts.repository';

/** The recent surveys of a batch's contacts and the workspace caps: decisions are checked against them in order. */
export interface FatigueCheck {
  /** The decision as it stands, or skipped with the reason; a scheduled survey is remembered for the next decision. */
  apply(workspaceId: string, contactId: string, rule: CampaignRule, decision: DispatchDecision): DispatchDecision;
}

const NO_CAPS: FatigueCheck = { apply: (_w, _c, _r, decision) => decision };

/**
 * Survey fatigue: at most one survey per contact every N days across the workspace (its setting)
 * and every M days per campaign (the campaign's). The caller holds the contacts' row locks, so
 * events for one contact handled at the same moment elsewhere are decided one after the other.
 */
@Injectable()
export class FatigueCheckLoader {
  constructor(private readonly facts: DispatchFactsRepository) {}

  /** At most two round trips for a batch: the workspaces' caps, then the contacts' surveys as far back as any cap looks. */
  async load(
    items: Array<{ workspaceId: string; contactId: string; rules: CampaignRule[] }>,
    tx: Queryable,
  ): Promise<FatigueCheck> {
    const workspaceIds = [...new Set(items.map((i) => i.workspaceId))];
    const rows = await this.facts.workspaceFatigueDays(workspaceIds, tx);
    const workspaceDays = new Map<string, number | null>(rows.map((r) => [r.id, r.fatigue_days]));
    const lookback = Math.max(
      0,
      ...[...workspaceDays.values()].map((d) => d ?? 0),
      ...items.flatMap((i) => i.rules.map((r) => r.fatigueDays ?? 0)),
    );
    if (lookback === 0) return NO_CAPS;
    const contactIds = [...new Set(items.map((i) => i.contactId))];
    // Both directions: a survey already scheduled for later blocks too.
    const recent = await this.facts.recentSurveys(contactIds, lookback, tx);
    const byContact = new Map<string, RecentSurvey[]>();
    for (const r of recent) {
      const list = byContact.get(r.contact_id) ?? [];
      list.push({ at: new Date(r.at), campaignId: r.campaign_id, campaignName: r.campaign_name });
      byContact.set(r.contact_id, list);
    }
    return {
      apply(workspaceId, contactId, rule, decision) {
        if (decision.decision !== 'scheduled') return decision;
        const at = new Date(decision.sendAt);
        const list = byContact.get(contactId) ?? [];
        const conflict = findFatigueConflict(
          list,
          { workspaceDays: workspaceDays.get(workspaceId) ?? undefined, campaignDays: rule.fatigueDays ?? undefined },
          rule.id,
          at,
        );
        if (conflict) {
          return {
            campaignId: rule.id,
            campaignName: rule.name,
            decision: 'skipped',
            reason: formatReason({ kind: 'fatigue', conflict }).replace(/^skipped: /, ''),
          };
        }
        // Later events in this batch for the same contact see this survey.
        byContact.set(contactId, [...list, { at, campaignId: rule.id, campaignName: rule.name }]);
        return decision;
      },
    };
  }
}
