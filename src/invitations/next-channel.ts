import type { Channel } from '../policy/channel';
import { unreachableReason } from '../policy/dispatch-policy';

/** What the next-channel rule needs of an invitation row joined with its contact and campaign. */
export interface ChannelFacts {
  channel: string;
  campaign_channels?: Channel[] | null;
  email: string | null;
  phone: string | null;
  email_opted_out_at: Date | null;
  sms_opted_out_at: Date | null;
  voice_opted_out_at: Date | null;
}

/**
 * The next channel in the campaign's list that the contact can receive, or null. After a refused
 * number (`numberRefused`: invalid, landline, unsubscribed) another phone channel to the same
 * number would fail the same way, so only email qualifies; `smsOptedOut` covers a refusal that
 * has just opted the number out.
 */
export function nextChannel(inv: ChannelFacts, smsOptedOut: boolean, numberRefused = true): Channel | null {
  const channels: Channel[] = inv.campaign_channels ?? [];
  const recipient = {
    email: inv.email,
    emailOptedOut: inv.email_opted_out_at !== null,
    phone: inv.phone,
    smsOptedOut: smsOptedOut || inv.sms_opted_out_at !== null,
    voiceOptedOut: inv.voice_opted_out_at !== null,
  };
  for (const channel of channels.slice(channels.indexOf(inv.channel as Channel) + 1)) {
    if (numberRefused && channel !== 'email' && inv.channel !== 'email') continue;
    if (unreachableReason(channel, recipient) === null) return channel;
  }
  return null;
}
