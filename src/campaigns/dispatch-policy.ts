import { CampaignRule } from './campaigns.service';

/** One campaign's answer to one event, as the CRM sees it in the 202 body. */
export type DispatchDecision =
  | { campaignId: string; campaignName: string; decision: 'scheduled'; channel: string; sendAt: string; invitationId?: string }
  | { campaignId: string; campaignName: string; decision: 'skipped'; reason: string };

export interface RecipientFacts {
  email: string | null;
  emailOptedOut: boolean;
}

/**
 * Whether and when a matching campaign surveys this contact. Pure: everything it needs is passed in,
 * so every rule has a readable reason and a unit test.
 */
export function decideDispatch(rule: CampaignRule, recipient: RecipientFacts, occurredAt: Date, now: Date): DispatchDecision {
  const base = { campaignId: rule.id, campaignName: rule.name };
  if (rule.status !== 'active') return { ...base, decision: 'skipped', reason: `campaign ${rule.status}` };
  const channel = rule.channels.find((c) => c === 'email');
  if (!channel) return { ...base, decision: 'skipped', reason: 'no supported channel' };
  if (!recipient.email) return { ...base, decision: 'skipped', reason: 'no email address' };
  if (recipient.emailOptedOut) return { ...base, decision: 'skipped', reason: 'contact unsubscribed from email' };
  const due = occurredAt.getTime() + rule.delayMs;
  return { ...base, decision: 'scheduled', channel, sendAt: new Date(Math.max(due, now.getTime())).toISOString() };
}
