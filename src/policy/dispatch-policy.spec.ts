import { DEFAULT_CALLING_WINDOW } from './calling-window';
import type { CampaignRule } from './campaign-rule';
import { decideDispatch } from './dispatch-policy';

const rule: CampaignRule = {
  id: 'c1',
  name: 'Support CSAT',
  status: 'active',
  eventType: 'ticket.closed',
  filter: [],
  channels: ['email'],
  delayMs: 2 * 3600_000,
  expiryMs: 7 * 86400_000,
  surveyVersionId: 'v1',
  timezone: 'UTC',
  callingWindow: DEFAULT_CALLING_WINDOW,
  sendingWindows: {},
  holidays: null,
  samplePercent: 100,
  fatigueDays: null,
  dedupeBy: null,
  cancelOn: [],
  caps: null,
  spreadMs: 0,
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
    [
      { ...rule, channels: ['sms' as const] },
      { email: 'a@example.com', emailOptedOut: false, phone: null },
      'no phone number',
    ],
    [
      { ...rule, channels: ['sms' as const] },
      { email: null, emailOptedOut: false, phone: '+358401234567', smsOptedOut: true },
      'opted out of sms',
    ],
    [
      { ...rule, channels: ['sms' as const, 'email' as const] },
      { email: null, emailOptedOut: false, phone: '+358401234567', smsOptedOut: true },
      'opted out of sms; no email address',
    ],
    [{ ...rule, channels: ['voice' as const] }, { email: null, emailOptedOut: false, phone: null }, 'no phone number'],
    [
      { ...rule, channels: ['voice' as const] },
      { email: null, emailOptedOut: false, phone: '+358401234567', voiceOptedOut: true },
      'opted out of calls',
    ],
  ])('skips with a readable reason (%#)', (r, recipient, reason) => {
    expect(decideDispatch(r, recipient, now, now)).toEqual({
      campaignId: 'c1',
      campaignName: 'Support CSAT',
      decision: 'skipped',
      reason,
    });
  });

  it('takes the first channel in the campaign order the contact can receive', () => {
    const smsFirst = { ...rule, channels: ['sms' as const, 'email' as const] };
    expect(
      decideDispatch(smsFirst, { ...reachable, phone: '+358401234567', smsOptedOut: false }, now, now),
    ).toMatchObject({ channel: 'sms' });
    expect(
      decideDispatch(smsFirst, { ...reachable, phone: '+358401234567', smsOptedOut: true }, now, now),
    ).toMatchObject({ channel: 'email' });
    expect(decideDispatch(smsFirst, { ...reachable, phone: null }, now, now)).toMatchObject({ channel: 'email' });
  });

  describe('voice', () => {
    const voice = { ...rule, channels: ['voice' as const], delayMs: 0 };
    const phone = { email: null, emailOptedOut: false, phone: '+358401234567' };

    it('calls at once inside the calling window', () => {
      // 12:00 UTC is 14:00 in Helsinki on a Monday.
      expect(decideDispatch(voice, { ...phone, timezone: 'Europe/Helsinki' }, now, now)).toMatchObject({
        channel: 'voice',
        sendAt: now.toISOString(),
      });
    });

    it("defers a call outside the window to its opening in the contact's zone", () => {
      const late = new Date('2026-11-23T19:30:00Z'); // 21:30 in Helsinki: next day 09:00 local
      expect(decideDispatch(voice, { ...phone, timezone: 'Europe/Helsinki' }, late, late)).toMatchObject({
        sendAt: '2026-11-24T07:00:00.000Z',
      });
    });

    it("uses the campaign's zone for a contact without one", () => {
      const early = new Date('2026-11-23T06:00:00Z'); // 07:00 in Stockholm
      expect(decideDispatch({ ...voice, timezone: 'Europe/Stockholm' }, phone, early, early)).toMatchObject({
        sendAt: '2026-11-23T08:00:00.000Z',
      });
    });

    it('does not defer email by the calling window', () => {
      const late = new Date('2026-11-23T23:00:00Z');
      expect(decideDispatch({ ...rule, delayMs: 0 }, reachable, late, late)).toMatchObject({
        channel: 'email',
        sendAt: late.toISOString(),
      });
    });
  });

  describe("quiet hours and holidays, in the contact's zone", () => {
    const weekdays = { ranges: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '17:00' }] };
    const quiet = {
      ...rule,
      delayMs: 0,
      sendingWindows: { email: { ranges: weekdays.ranges.map((r) => ({ ...r, days: [...r.days] })) } },
    };
    const helsinki = { ...reachable, timezone: 'Europe/Helsinki' };

    it.each([
      [
        '22:30 on a Tuesday in Helsinki → 09:00 Wednesday',
        '2026-11-24T20:30:00Z',
        helsinki,
        '2026-11-25T07:00:00.000Z',
        'scheduled for 2026-11-25 09:00 Europe/Helsinki (quiet hours)',
      ],
      [
        '22:30 on the Friday before the October change → 09:00 Monday, an hour later in UTC',
        '2026-10-23T19:30:00Z',
        helsinki,
        '2026-10-26T07:00:00.000Z',
        'scheduled for 2026-10-26 09:00 Europe/Helsinki (quiet hours)',
      ],
      [
        '22:30 on a Tuesday in New York → 09:00 Wednesday New York time',
        '2026-11-25T03:30:00Z',
        { ...reachable, timezone: 'America/New_York' },
        '2026-11-25T14:00:00.000Z',
        'scheduled for 2026-11-25 09:00 America/New_York (quiet hours)',
      ],
    ])('%s', (_what, at, recipient, sendAt, reason) => {
      expect(decideDispatch(quiet, recipient, new Date(at), new Date(at))).toMatchObject({
        channel: 'email',
        sendAt,
        reason,
      });
    });

    it('inside the hours: at once, with no reason to give', () => {
      const d = decideDispatch(quiet, helsinki, new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T10:00:00Z'));
      expect(d).toEqual(expect.objectContaining({ sendAt: '2026-11-24T10:00:00.000Z' }));
      expect(d).not.toHaveProperty('reason');
    });

    it("skips a public holiday of the campaign's country: Christmas 2026 in Finland", () => {
      const d = decideDispatch(
        { ...quiet, holidays: { country: 'FI' } },
        helsinki,
        new Date('2026-12-24T20:30:00Z'),
        new Date('2026-12-24T20:30:00Z'),
      );
      // 25 Dec (Christmas) is a holiday, 26–27 Dec a weekend: Monday 28 Dec at 09:00.
      expect(d).toMatchObject({
        sendAt: '2026-12-28T07:00:00.000Z',
        reason: 'scheduled for 2026-12-28 09:00 Europe/Helsinki (public holiday)',
      });
    });

    it('channels keep their own hours: voice falls back to the calling window, email with none goes at once', () => {
      const late = new Date('2026-11-24T20:30:00Z');
      expect(
        decideDispatch(
          { ...rule, delayMs: 0, channels: ['voice'] },
          { ...helsinki, phone: '+358401234567' },
          late,
          late,
        ),
      ).toMatchObject({ sendAt: '2026-11-25T07:00:00.000Z' });
      expect(decideDispatch({ ...rule, delayMs: 0 }, helsinki, late, late)).toMatchObject({
        sendAt: late.toISOString(),
      });
    });
  });

  describe('sampling', () => {
    const sampled = { ...rule, samplePercent: 30 };
    const decide = (key: string) => decideDispatch(sampled, reachable, now, now, key);

    it('surveys about the share asked for, the same events every time', () => {
      const keys = Array.from({ length: 10_000 }, (_, i) => `id:crm-${i}`);
      const first = keys.map((k) => decide(k).decision);
      const share = first.filter((d) => d === 'scheduled').length / keys.length;
      expect(share).toBeGreaterThanOrEqual(0.28);
      expect(share).toBeLessThanOrEqual(0.32);
      expect(keys.map((k) => decide(k).decision)).toEqual(first);
    });

    it('says why an event was left out', () => {
      const out = Array.from({ length: 50 }, (_, i) => decide(`id:x-${i}`)).find((d) => d.decision === 'skipped');
      expect(out).toMatchObject({ decision: 'skipped', reason: 'sampled out (30%)' });
    });
  });

  describe('spread over a window', () => {
    it('puts each event at a stable point of the window, and the points cover it', () => {
      const spread = { ...rule, delayMs: 0, spreadMs: 3_600_000 };
      const at = (k: string) =>
        new Date((decideDispatch(spread, reachable, now, now, k) as { sendAt: string }).sendAt).getTime();
      const points = Array.from({ length: 200 }, (_, i) => at(`id:s-${i}`));
      expect(points.every((p) => p >= now.getTime() && p < now.getTime() + 3_600_000)).toBe(true);
      expect(Math.max(...points) - Math.min(...points)).toBeGreaterThan(3_000_000);
      expect(at('id:s-7')).toBe(points[7]);
    });
  });
});
