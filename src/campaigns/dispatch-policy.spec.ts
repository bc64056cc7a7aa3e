import { CampaignRule } from './campaigns.service';
import { decideDispatch } from './dispatch-policy';

const rule: CampaignRule = {
  id: 'c1', name: 'Support CSAT', status: 'active', eventType: 'ticket.closed', filter: [],
  channels: ['email'], delayMs: 2 * 3600_000, expiryMs: 7 * 86400_000, surveyVersionId: 'v1',
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
  ])('skips with a readable reason (%#)', (r, recipient, reason) => {
    expect(decideDispatch(r, recipient, now, now)).toEqual({ campaignId: 'c1', campaignName: 'Support CSAT', decision: 'skipped', reason });
  });
});
