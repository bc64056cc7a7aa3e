import type { CampaignRule } from './campaign-rule';
import type { Channel } from './channel';
import { formatReason } from './reasons';
import { sampledIn, samplingKey } from './sampling';
import { deferralCause, nextAllowedSendTime, type SendingWindow } from './sending-window';
import { spreadSendTime } from './spread';

/** One campaign's answer to one event, as the CRM sees it in the 202 body. */
export type DispatchDecision =
  | {
      campaignId: string;
      campaignName: string;
      decision: 'scheduled';
      channel: string;
      sendAt: string;
      invitationId?: string;
      reason?: string;
    }
  | { campaignId: string; campaignName: string; decision: 'skipped'; reason: string };

export interface RecipientFacts {
  email: string | null;
  emailOptedOut: boolean;
  phone?: string | null;
  smsOptedOut?: boolean;
  voiceOptedOut?: boolean;
  /** The contact's IANA zone; the campaign's zone applies when unset. */
  timezone?: string | null;
}

/** Why this contact cannot be reached on a channel, or null when it can. */
export function unreachableReason(channel: Channel, recipient: RecipientFacts): string | null {
  switch (channel) {
    case 'email':
      if (!recipient.email) return 'no email address';
      return recipient.emailOptedOut ? 'contact unsubscribed from email' : null;
    case 'sms':
      if (!recipient.phone) return 'no phone number';
      return recipient.smsOptedOut ? 'opted out of sms' : null;
    case 'voice':
      if (!recipient.phone) return 'no phone number';
      return recipient.voiceOptedOut ? 'opted out of calls' : null;
  }
}

/**
 * Whether and when a matching campaign surveys this contact, and on which channel: the first in
 * the campaign's order the contact can receive. Pure: everything it needs is passed in, so every
 * rule has a readable reason and a unit test.
 */
export function decideDispatch(
  rule: CampaignRule,
  recipient: RecipientFacts,
  occurredAt: Date,
  now: Date,
  eventKey?: string,
): DispatchDecision {
  const base = { campaignId: rule.id, campaignName: rule.name };
  if (rule.status !== 'active') return { ...base, decision: 'skipped', reason: `campaign ${rule.status}` };
  // Stable: the event's idempotency key decides, so a retry or a replay gets the same answer.
  if (rule.samplePercent < 100 && !(eventKey && sampledIn(samplingKey(rule.id, eventKey), rule.samplePercent))) {
    return {
      ...base,
      decision: 'skipped',
      reason: formatReason({ kind: 'sampled-out', percent: rule.samplePercent }).replace(/^skipped: /, ''),
    };
  }
  const reasons = rule.channels.map((c) => unreachableReason(c, recipient));
  const index = reasons.indexOf(null);
  if (index < 0) return { ...base, decision: 'skipped', reason: reasons.join('; ') || 'no channel' };
  const channel = rule.channels[index];
  let due = new Date(Math.max(occurredAt.getTime() + rule.delayMs, now.getTime()));
  // Gradual distribution: a stable point in the spread window, so a retry lands on the same time.
  if (rule.spreadMs > 0 && eventKey)
    due = spreadSendTime(samplingKey(rule.id, eventKey), { start: due, end: new Date(due.getTime() + rule.spreadMs) });
  // Outside the channel's hours (or on a public holiday), in the contact's own zone: wait for the next opening.
  const window = sendingWindowFor(rule, channel);
  if (!window) return { ...base, decision: 'scheduled', channel, sendAt: due.toISOString() };
  const zone = recipient.timezone ?? rule.timezone;
  const holidays = rule.holidays ?? undefined;
  const sendAt = nextAllowedSendTime(due, window, zone, holidays);
  const because = deferralCause(due, window, zone, holidays);
  return {
    ...base,
    decision: 'scheduled',
    channel,
    sendAt: sendAt.toISOString(),
    ...(because ? { reason: formatReason({ kind: 'scheduled', sendAt, zone, because }) } : {}),
  };
}

/** A channel's quiet hours: its own window, else (voice) the calling window; none means any time (holidays still apply). */
export function sendingWindowFor(
  rule: Pick<CampaignRule, 'sendingWindows' | 'callingWindow' | 'holidays'>,
  channel: Channel,
): SendingWindow | null {
  const own = rule.sendingWindows[channel];
  if (own) return own;
  if (channel === 'voice') return { ranges: [rule.callingWindow] };
  return rule.holidays ? ANY_TIME : null;
}

const ANY_TIME: SendingWindow = {
  ranges: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }],
};
