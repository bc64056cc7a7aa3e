import type { QuestionType } from '../surveys/survey-definition';
import {
  clickRate,
  decidePromoterInvite,
  type PromoterInviteDecision,
  type PromoterInviteInput,
  promoterInviteSchema,
  trackedLinkUrl,
} from './promoter-invite';

const NOW = new Date('2026-03-20T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86400_000);
const config = (over: Record<string, unknown> = {}) =>
  promoterInviteSchema.parse({ enabled: true, kind: 'review', url: 'https://g.page/r/example/review', ...over });
const input = (
  answers: Array<[string, QuestionType, number | string | null]>,
  over: Partial<PromoterInviteInput> = {},
): PromoterInviteInput => ({
  answers: answers.map(([questionId, type, value]) => ({ questionId, type, value })),
  alertRaised: false,
  lastInvitedAt: null,
  at: NOW,
  ...over,
});

describe('promoterInviteSchema', () => {
  it('defaults to off, promoters from 9, a 90-day cooldown', () => {
    expect(promoterInviteSchema.parse({ kind: 'referral', url: 'https://example.com/refer' })).toEqual({
      enabled: false,
      kind: 'referral',
      url: 'https://example.com/refer',
      minScore: 9,
      cooldownDays: 90,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a javascript: link', { url: 'javascript:alert(1)' }, 'url'],
    ['a mailto: link', { url: 'mailto:a@example.com' }, 'url'],
    ['not a URL', { url: 'example.com/review' }, 'url'],
    ['a passive threshold', { minScore: 8 }, 'minScore'],
    ['an unknown kind', { kind: 'testimonial' }, 'kind'],
    ['a negative cooldown', { cooldownDays: -1 }, 'cooldownDays'],
  ])('refuses %s', (_what, over, path) => {
    const result = promoterInviteSchema.safeParse({
      enabled: true,
      kind: 'review',
      url: 'https://example.com',
      ...over,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('decidePromoterInvite', () => {
  it.each<[string, ReturnType<typeof config> | null, PromoterInviteInput, PromoterInviteDecision]>([
    ['a 9', config(), input([['q1', 'nps', 9]]), { show: true, questionId: 'q1', score: 9 }],
    ['a 10', config(), input([['q1', 'nps', 10]]), { show: true, questionId: 'q1', score: 10 }],
    ['an 8', config(), input([['q1', 'nps', 8]]), { show: false, reason: 'not_a_promoter' }],
    [
      'a 9 when only 10s are asked',
      config({ minScore: 10 }),
      input([['q1', 'nps', 9]]),
      { show: false, reason: 'not_a_promoter' },
    ],
    ['no config', null, input([['q1', 'nps', 10]]), { show: false, reason: 'disabled' }],
    ['switched off', config({ enabled: false }), input([['q1', 'nps', 10]]), { show: false, reason: 'disabled' }],
    ['no NPS question', config(), input([['c', 'csat', 5]]), { show: false, reason: 'no_nps_answer' }],
    ['NPS skipped', config(), input([['q1', 'nps', null]]), { show: false, reason: 'no_nps_answer' }],
    [
      'a promoter whose comment raised an alert',
      config(),
      input([['q1', 'nps', 10]], { alertRaised: true }),
      { show: false, reason: 'alert_raised' },
    ],
    [
      'asked 30 days ago',
      config(),
      input([['q1', 'nps', 10]], { lastInvitedAt: daysAgo(30) }),
      { show: false, reason: 'recently_invited' },
    ],
    [
      'asked 90 days ago',
      config(),
      input([['q1', 'nps', 10]], { lastInvitedAt: daysAgo(90) }),
      { show: true, questionId: 'q1', score: 10 },
    ],
    [
      'asked yesterday, no cooldown',
      config({ cooldownDays: 0 }),
      input([['q1', 'nps', 10]], { lastInvitedAt: daysAgo(1) }),
      { show: true, questionId: 'q1', score: 10 },
    ],
    [
      'the first NPS answer by default',
      config(),
      input([
        ['q1', 'nps', 4],
        ['q2', 'nps', 10],
      ]),
      { show: false, reason: 'not_a_promoter' },
    ],
    [
      'a chosen NPS question',
      config({ questionId: 'q2' }),
      input([
        ['q1', 'nps', 4],
        ['q2', 'nps', 10],
      ]),
      { show: true, questionId: 'q2', score: 10 },
    ],
    [
      'a chosen question not answered',
      config({ questionId: 'q3' }),
      input([['q1', 'nps', 10]]),
      { show: false, reason: 'no_nps_answer' },
    ],
  ])('%s', (_what, cfg, inp, expected) => {
    expect(decidePromoterInvite(cfg, inp)).toEqual(expected);
  });
});

describe('trackedLinkUrl', () => {
  const token = 'Qx7-fP2_kLm9AbCdEfGhIj';

  it.each<[string, string]>([
    ['https://palaute.example.com', `https://palaute.example.com/r/${token}`],
    ['https://palaute.example.com/', `https://palaute.example.com/r/${token}`],
    ['https://example.com/palaute', `https://example.com/palaute/r/${token}`],
    ['https://example.com/palaute//', `https://example.com/palaute/r/${token}`],
    ['http://localhost:3000', `http://localhost:3000/r/${token}`],
    ['https://example.com/palaute?x=1#top', `https://example.com/palaute/r/${token}`],
  ])('%s', (base, expected) => {
    expect(trackedLinkUrl(base, token)).toBe(expected);
  });

  it.each<[string, string]>([
    ['a short token', 'abc'],
    ['a token with a slash', 'abcdefghijklmnop/q'],
    ['a token with a dot', 'abcdefghijklmnop.q'],
  ])('refuses %s', (_what, bad) => {
    expect(() => trackedLinkUrl('https://example.com', bad)).toThrow(RangeError);
  });

  it('refuses a base that is not http(s)', () => {
    expect(() => trackedLinkUrl('ftp://example.com', token)).toThrow(/http\(s\)/);
  });
});

describe('clickRate', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [200, 30, 15],
    [3, 1, 33.3],
    [5, 7, 100],
  ])('%i shown, %i clicked → %p', (shown, clicked, expected) => {
    expect(clickRate(shown, clicked)).toBe(expected);
  });
});
