import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import type { CampaignRule } from '../policy/campaign-rule';
import type { DispatchDecision } from '../policy/dispatch-policy';
import { findFatigueConflict, RecentSurvey } from '../policy/fatigue';
import { formatReason } from '../policy/reasons';

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
export class FatigueGuard {
  async load(
    tx: Queryable,
    items: Array<{ workspaceId: string; contactId: string; rules: CampaignRule[] }>,
  ): Promise<FatigueCheck> {
    const workspaceIds = [...new Set(items.map((i) => i.workspaceId))];
    const rows = await tx.query(`SELECT id, fatigue_days FROM workspaces WHERE id = ANY($1::uuid[])`, [workspaceIds]);
    const workspaceDays = new Map<string, number | null>(
      rows.map((r) => [r.id as string, r.fatigue_days as number | null]),
    );
    const lookback = Math.max(
      0,
      ...[...workspaceDays.values()].map((d) => d ?? 0),
      ...items.flatMap((i) => i.rules.map((r) => r.fatigueDays ?? 0)),
    );
    if (lookback === 0) return NO_CAPS;
    const contactIds = [...new Set(items.map((i) => i.contactId))];
    // Both directions: a survey already scheduled for later blocks too.
    const recent = await tx.query(
      `SELECT i.contact_id, i.campaign_id, c.name AS campaign_name, COALESCE(i.sent_at, i.send_at) AS at
       FROM invitations i JOIN campaigns c ON c.id = i.campaign_id
       WHERE i.contact_id = ANY($1::uuid[]) AND i.status IN ('scheduled', 'sending', 'sent')
         AND i.send_at > now() - make_interval(days => $2) - interval '1 day'`,
      [contactIds, lookback],
    );
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
