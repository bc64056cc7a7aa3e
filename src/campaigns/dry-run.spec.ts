import { DEFAULT_CALLING_WINDOW } from '../policy/calling-window';
import type { CampaignRule } from '../policy/campaign-rule';
import { DryRun, reasonGroup, ReplayedEvent } from './dry-run';

const rule: CampaignRule = {
  id: 'c1',
  name: 'Support CSAT',
  status: 'draft',
  eventType: 'ticket.closed',
  filter: [],
  channels: ['sms', 'email'],
  delayMs: 0,
  expiryMs: 86_400_000,
  surveyVersionId: 'v1',
  timezone: 'UTC',
  callingWindow: DEFAULT_CALLING_WINDOW,
  sendingWindows: {},
  holidays: null,
  samplePercent: 100,
  fatigueDays: 7,
  dedupeBy: null,
  cancelOn: [],
  caps: null,
  spreadMs: 0,
};
const event = (i: number, contactId: string, recipient: ReplayedEvent['recipient'], day = i): ReplayedEvent => ({
  key: `id:${i}`,
  event: { type: 'ticket.closed', properties: {} },
  occurredAt: new Date(Date.UTC(2026, 9, 1 + day)),
  contactId,
  recipient,
});
const both = { email: 'a@example.com', emailOptedOut: false, phone: '+358401234567', smsOptedOut: false };

describe('DryRun', () => {
  it('counts by channel and reason, with the campaign cap among the replayed events and a draft treated as active', () => {
    const run = new DryRun(rule);
    run.add([
      event(0, 'a', both),
      event(1, 'a', both, 3),
      event(2, 'b', { ...both, smsOptedOut: true }),
      event(3, 'c', { email: null, emailOptedOut: false }),
    ]);
    run.add([event(4, 'a', both, 10)]);
    expect(run.report).toEqual({
      events: 5,
      matched: 5,
      wouldSurvey: 3,
      byChannel: { sms: 2, email: 1 },
      skipped: {
        'surveyed recently by campaign "Support CSAT" (campaign cap 7 days)': 1,
        'no phone number; no email address': 1,
      },
    });
  });

  it.each([
    [
      'surveyed 12 days ago by campaign "A" (workspace cap 30 days)',
      'surveyed recently by campaign "A" (workspace cap 30 days)',
    ],
    [
      'surveyed less than a day ago by campaign "A" (workspace cap 30 days)',
      'surveyed recently by campaign "A" (workspace cap 30 days)',
    ],
    ['sampled out (30%)', 'sampled out (30%)'],
  ])('groups "%s"', (reason, group) => expect(reasonGroup(reason)).toBe(group));
});
