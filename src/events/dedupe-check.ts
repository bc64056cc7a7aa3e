import { Injectable } from '@nestjs/common';

import { Queryable } from '../database/sql';
import type { CampaignRule } from '../policy/campaign-rule';
import type { DispatchDecision } from '../policy/dispatch-policy';
import { formatReason } from '../policy/reasons';
import { DispatchFactsRepository } from './dispatch-facts.repository';

/** One survey per ticket: decisions are checked against the surveys a batch's contacts already have. */
export interface DedupeCheck {
  apply(
    contactId: string,
    rule: CampaignRule,
    properties: Record<string, unknown>,
    decision: DispatchDecision,
  ): DispatchDecision;
}

const keyOf = (campaignId: string, contactId: string, value: string) => JSON.stringify([campaignId, contactId, value]);

/** The value a campaign's `dedupeBy` (properties.ticketId) names in an event, as text; undefined when absent. */
function dedupeValue(rule: CampaignRule, properties: Record<string, unknown>): string | undefined {
  if (!rule.dedupeBy) return undefined;
  const value = properties[rule.dedupeBy.slice('properties.'.length)];
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value);
}

/**
 * An event for a ticket that already got a survey (same contact, campaign and `dedupeBy` value;
 * scheduled, being sent or sent) is skipped. Runs under the contact's row lock, like the fatigue
 * check, so two events for one ticket at the same moment survey once.
 */
@Injectable()
export class DedupeCheckLoader {
  constructor(private readonly facts: DispatchFactsRepository) {}

  /** One round trip for a batch: the tickets of its contacts that already have a survey. */
  async load(
    items: Array<{ contactId: string; rules: CampaignRule[]; properties: Record<string, unknown> }>,
    tx: Queryable,
  ): Promise<DedupeCheck> {
    const wanted = items.flatMap((item) =>
      item.rules.flatMap((rule) => {
        const value = dedupeValue(rule, item.properties);
        return value === undefined
          ? []
          : [
              {
                campaignId: rule.id,
                contactId: item.contactId,
                key: rule.dedupeBy!.slice('properties.'.length),
                value,
              },
            ];
      }),
    );
    const seen = new Set<string>();
    if (wanted.length) {
      for (const r of await this.facts.surveyedTickets(wanted, tx))
        seen.add(keyOf(r.campaign_id, r.contact_id, r.value));
    }
    return {
      apply(contactId, rule, properties, decision) {
        const value = dedupeValue(rule, properties);
        if (decision.decision !== 'scheduled' || value === undefined) return decision;
        const key = keyOf(rule.id, contactId, value);
        if (seen.has(key)) {
          return {
            campaignId: rule.id,
            campaignName: rule.name,
            decision: 'skipped',
            reason: formatReason({ kind: 'duplicate', property: rule.dedupeBy! }).replace(/^skipped: /, ''),
          };
        }
        seen.add(key);
        return decision;
      },
    };
  }
}
