import { FatigueCaps, fatigueCapsSchema, fatigueReason, findFatigueConflict, RecentSurvey } from './fatigue';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, campaignId = 'csat', campaignName = 'Support CSAT'): RecentSurvey => ({
  at: new Date(NOW.getTime() - days * DAY),
  campaignId,
  campaignName,
});
const CAPS: FatigueCaps = { workspaceDays: 30, campaignDays: 90 };

describe('fatigueReason', () => {
  it.each<[string, RecentSurvey[], FatigueCaps, string | null]>([
    ['never surveyed', [], CAPS, null],
    [
      'surveyed 12 days ago by another campaign',
      [ago(12)],
      CAPS,
      'surveyed 12 days ago by campaign "Support CSAT" (workspace cap 30 days)',
    ],
    ['exactly 30 days ago is allowed again', [ago(30)], { workspaceDays: 30 }, null],
    [
      'a minute short of 30 days is not',
      [ago(30 - 1 / 1440)],
      { workspaceDays: 30 },
      'surveyed 29 days ago by campaign "Support CSAT" (workspace cap 30 days)',
    ],
    [
      'this campaign 40 days ago, campaign cap 90',
      [ago(40, 'nps', 'Relationship NPS')],
      CAPS,
      'surveyed 40 days ago by campaign "Relationship NPS" (campaign cap 90 days)',
    ],
    ['another campaign 40 days ago: only the workspace cap applies', [ago(40)], CAPS, null],
    [
      'the cap that blocks longest is named',
      [ago(5), ago(20, 'nps', 'Relationship NPS')],
      CAPS,
      'surveyed 20 days ago by campaign "Relationship NPS" (campaign cap 90 days)',
    ],
    [
      'a survey already scheduled ahead blocks too',
      [ago(-3, 'onb', 'Onboarding')],
      CAPS,
      'already scheduled in 3 days by campaign "Onboarding" (workspace cap 30 days)',
    ],
    [
      'scheduled later today',
      [ago(-0.2, 'onb', 'Onboarding')],
      CAPS,
      'already scheduled within a day by campaign "Onboarding" (workspace cap 30 days)',
    ],
    [
      'earlier today',
      [ago(0.25)],
      CAPS,
      'surveyed less than a day ago by campaign "Support CSAT" (workspace cap 30 days)',
    ],
    [
      'one day, one-day cap',
      [ago(1.5)],
      { workspaceDays: 2 },
      'surveyed 1 day ago by campaign "Support CSAT" (workspace cap 2 days)',
    ],
    [
      'singular cap',
      [ago(0.5)],
      { workspaceDays: 1 },
      'surveyed less than a day ago by campaign "Support CSAT" (workspace cap 1 day)',
    ],
    [
      'quotes in a name stay readable',
      [ago(2, 'x', 'Say "hi"')],
      CAPS,
      'surveyed 2 days ago by campaign "Say \\"hi\\"" (workspace cap 30 days)',
    ],
    ['no caps configured', [ago(0.1, 'nps')], {}, null],
  ])('%s', (_what, recent, caps, expected) => {
    expect(fatigueReason(recent, caps, 'nps', NOW)).toBe(expected);
  });

  it('says when the contact may be surveyed again', () => {
    const conflict = findFatigueConflict([ago(12)], CAPS, 'nps', NOW)!;
    expect(conflict.until.toISOString()).toBe('2026-12-12T12:00:00.000Z');
    expect(conflict.scope).toBe('workspace');
  });
});

describe('fatigueCapsSchema', () => {
  it('accepts whole days', () => {
    expect(fatigueCapsSchema.safeParse({ workspaceDays: 30, campaignDays: 90 }).success).toBe(true);
    expect(fatigueCapsSchema.safeParse({}).success).toBe(true);
  });
  it.each<[unknown, string, string]>([
    [{ workspaceDays: 0 }, 'workspaceDays', 'at least 1 day'],
    [{ campaignDays: 1.5 }, 'campaignDays', 'whole number of days'],
    [{ campaignDays: 5000 }, 'campaignDays', '3650'],
  ])('refuses %j', (input, path, message) => {
    const parsed = fatigueCapsSchema.safeParse(input);
    expect(parsed.error!.issues[0].path.join('.')).toBe(path);
    expect(parsed.error!.issues[0].message).toContain(message);
  });
});
