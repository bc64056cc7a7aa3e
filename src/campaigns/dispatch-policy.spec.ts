import { DEFAULT_CALLING_WINDOW } from './calling-window';
import { CampaignRule } from './campaigns.service';
import { decideDispatch } from './dispatch-policy';

const rule: CampaignRule = {
  id: 'c1', name: 'Support CSAT', status: 'active', eventType: 'ticket.closed', filter: [],
  channels: ['email'], delayMs: 2 * 3600_000, expiryMs: 7 * 86400_000, surveyVersionId: 'v1',
  timezone: 'UTC', callingWindow: DEFAULT_CALLING_WINDOW,
};
const now = new Date('2026-11-23T12:00:00Z');
const reachable = { email: 'a@example.com', emailOptedOut: false };

describe('decideDispatch', () => {
  it('schedules the delay after the event', () => {
    const d = decideDispatch(rule, reachable, new Date('2026-11-23T11:30:00Z'), now);
    expect(d).toMatchObject({ decision: 'scheduled', channel: 'email', sendAt: '2026-11-23T13:30:00.000Z' });
  });

  it('never schedules in the past for an old event', () => {
    const d = decideDispatch(rule, reachable, new Date('2026-11-01T00:00:00Z'), now);
    expect(d).toMatchObject({ decision: 'scheduled', sendAt: now.toISOString() });
  });

  it.each([
    [{ ...rule, status: 'paused' as const }, reachable, 'campaign paused'],
    [rule, { email: null, emailOptedOut: false }, 'no email address'],
    [rule, { email: 'a@example.com', emailOptedOut: true }, 'contact unsubscribed from email'],
    [{ ...rule, channels: ['sms' as const] }, { email: 'a@example.com', emailOptedOut: false, phone: null }, 'no phone number'],
    [{ ...rule, channels: ['sms' as const] }, { email: null, emailOptedOut: false, phone: '+358401234567', smsOptedOut: true }, 'opted out of sms'],
    [{ ...rule, channels: ['sms' as const, 'email' as const] }, { email: null, emailOptedOut: false, phone: '+358401234567', smsOptedOut: true }, 'opted out of sms; no email address'],
    [{ ...rule, channels: ['voice' as const] }, { email: null, emailOptedOut: false, phone: null }, 'no phone number'],
    [{ ...rule, channels: ['voice' as const] }, { email: null, emailOptedOut: false, phone: '+358401234567', voiceOptedOut: true }, 'opted out of calls'],
  ])('skips with a readable reason (%#)', (r, recipient, reason) => {
    expect(decideDispatch(r, recipient, now, now)).toEqual({ campaignId: 'c1', campaignName: 'Support CSAT', decision: 'skipped', reason });
  });

  it('takes the first channel in the campaign order the contact can receive', () => {
    const smsFirst = { ...rule, channels: ['sms' as const, 'email' as const] };
    expect(decideDispatch(smsFirst, { ...reachable, phone: '+358401234567', smsOptedOut: false }, now, now)).toMatchObject({ channel: 'sms' });
    expect(decideDispatch(smsFirst, { ...reachable, phone: '+358401234567', smsOptedOut: true }, now, now)).toMatchObject({ channel: 'email' });
    expect(decideDispatch(smsFirst, { ...reachable, phone: null }, now, now)).toMatchObject({ channel: 'email' });
  });

  describe('voice', () => {
    const voice = { ...rule, channels: ['voice' as const], delayMs: 0 };
    const phone = { email: null, emailOptedOut: false, phone: '+358401234567' };

    it('calls at once inside the calling window', () => {
      // 12:00 UTC is 14:00 in Helsinki on a Monday.
      expect(decideDispatch(voice, { ...phone, timezone: 'Europe/Helsinki' }, now, now)).toMatchObject({ channel: 'voice', sendAt: now.toISOString() });
    });

    it("defers a call outside the window to its opening in the contact's zone", () => {
      const late = new Date('2026-11-23T19:30:00Z'); // 21:30 in Helsinki: next day 09:00 local
      expect(decideDispatch(voice, { ...phone, timezone: 'Europe/Helsinki' }, late, late)).toMatchObject({ sendAt: '2026-11-24T07:00:00.000Z' });
    });

    it("uses the campaign's zone for a contact without one", () => {
      const early = new Date('2026-11-23T06:00:00Z'); // 07:00 in Stockholm
      expect(decideDispatch({ ...voice, timezone: 'Europe/Stockholm' }, phone, early, early)).toMatchObject({ sendAt: '2026-11-23T08:00:00.000Z' });
    });

    it('does not defer email by the calling window', () => {
      const late = new Date('2026-11-23T23:00:00Z');
      expect(decideDispatch({ ...rule, delayMs: 0 }, reachable, late, late)).toMatchObject({ channel: 'email', sendAt: late.toISOString() });
    });
  });
});
