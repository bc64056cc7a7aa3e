import { DecisionReason, formatCount, formatReason } from './reasons';

describe('formatReason', () => {
  it.each<[DecisionReason, string]>([
    [
      { kind: 'scheduled', sendAt: new Date('2026-03-02T07:00:00Z'), zone: 'Europe/Helsinki', because: 'quiet hours' },
      'scheduled for 2026-03-02 09:00 Europe/Helsinki (quiet hours)',
    ],
    [
      { kind: 'scheduled', sendAt: new Date('2026-07-08T13:00:00Z'), zone: 'America/New_York' },
      'scheduled for 2026-07-08 09:00 America/New_York',
    ],
    [
      {
        kind: 'scheduled',
        sendAt: new Date('2027-12-07T07:00:00Z'),
        zone: 'Europe/Helsinki',
        because: 'public holiday',
      },
      'scheduled for 2027-12-07 09:00 Europe/Helsinki (public holiday)',
    ],
    [{ kind: 'sampled-out', percent: 30 }, 'skipped: sampled out (30%)'],
    [{ kind: 'sampled-out', percent: 12.5 }, 'skipped: sampled out (12.5%)'],
    [
      {
        kind: 'fatigue',
        conflict: {
          scope: 'workspace',
          capDays: 30,
          daysApart: 12.4,
          survey: { at: new Date(), campaignId: 'c', campaignName: 'Support CSAT' },
          until: new Date(),
        },
      },
      'skipped: surveyed 12 days ago by campaign "Support CSAT" (workspace cap 30 days)',
    ],
    [{ kind: 'duplicate', property: 'ticketId' }, 'skipped: already surveyed for this ticketId'],
    [{ kind: 'channel-skipped', channel: 'sms', because: 'opted out', using: 'email' }, 'sms opted out, using email'],
    [
      { kind: 'channel-skipped', channel: 'voice', because: 'no address', using: 'email' },
      'no phone number for voice, using email',
    ],
    [
      { kind: 'unreachable', why: ['opted out of sms', 'no email address'] },
      'skipped: no reachable channel (opted out of sms; no email address)',
    ],
    [
      { kind: 'fell-back', to: 'email', code: 21211, cause: 'invalid number' },
      'fell back to email: 21211 invalid number',
    ],
    [{ kind: 'fell-back', to: 'sms', cause: 'no answer within 2 days' }, 'fell back to sms: no answer within 2 days'],
    [{ kind: 'cancelled', by: 'ticket.reopened' }, 'cancelled by ticket.reopened'],
    [{ kind: 'throttled', action: 'deferred', cap: 'hourly', limit: 500 }, 'deferred: hourly cap of 500 reached'],
    [{ kind: 'throttled', action: 'dropped', cap: 'daily', limit: 2000 }, 'dropped: daily cap of 2,000 reached'],
  ])('%j', (reason, text) => {
    expect(formatReason(reason)).toBe(text);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [12.5, '12.5'],
  ])('%d → %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
