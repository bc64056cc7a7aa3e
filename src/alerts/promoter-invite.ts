import { z } from 'zod';

import { pct } from '../scoring/distribution';
import type { AnswerValue, QuestionType } from '../surveys/survey-definition';

const DAY_MS = 24 * 60 * 60 * 1000;

// Only web links: the /r/ route redirects there, so javascript:, data: or mailto: must never get in.
const webUrl = z.url({ protocol: /^https?$/, message: 'url must be an http(s) address' }).max(2000);

/** A campaign's invitation to promoters to leave a public review or a referral. */
export const promoterInviteSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Reported separately: reviews and referrals are different rates in the guides. */
    kind: z.enum(['review', 'referral']),
    /** Where the tracked link finally goes (a review site, a referral form). */
    url: webUrl,
    /** 9 asks all promoters, 10 only the most enthusiastic. */
    minScore: z.number().int().min(9, 'minScore must be 9 or 10: only promoters are invited').max(10).default(9),
    /** The NPS question to read; absent: the response's first NPS answer. */
    questionId: z.string().min(1).max(100).optional(),
    /** Do not ask the same contact again within this many days; 0 asks every time. */
    cooldownDays: z.number().int().min(0).max(3650).default(90),
  })
  .strict();

export type PromoterInvite = z.output<typeof promoterInviteSchema>;

export interface PromoterInviteInput {
  answers: Array<{ questionId: string; type: QuestionType; value: AnswerValue | null }>;
  /** Whether the same response raised an alert (e.g. a 9 with "lopetan" in the comment). */
  alertRaised: boolean;
  /** When this contact was last shown the link by this campaign; null: never or anonymous. */
  lastInvitedAt: Date | null;
  at: Date;
}

export type PromoterInviteDecision =
  | { show: true; questionId: string; score: number }
  | { show: false; reason: 'disabled' | 'no_nps_answer' | 'not_a_promoter' | 'alert_raised' | 'recently_invited' };

/**
 * Whether to show the promoter link after a response. Never to someone whose answer raised an
 * alert: asking an unhappy customer for a public review is how bad reviews are made.
 */
export function decidePromoterInvite(
  config: PromoterInvite | null | undefined,
  input: PromoterInviteInput,
): PromoterInviteDecision {
  if (!config?.enabled) return { show: false, reason: 'disabled' };
  const answer = input.answers.find(
    (a) =>
      a.type === 'nps' &&
      (config.questionId === undefined || a.questionId === config.questionId) &&
      typeof a.value === 'number' &&
      Number.isInteger(a.value),
  );
  if (!answer) return { show: false, reason: 'no_nps_answer' };
  const score = answer.value as number;
  if (score < config.minScore) return { show: false, reason: 'not_a_promoter' };
  if (input.alertRaised) return { show: false, reason: 'alert_raised' };
  if (
    input.lastInvitedAt &&
    config.cooldownDays > 0 &&
    input.at.getTime() - input.lastInvitedAt.getTime() < config.cooldownDays * DAY_MS
  ) {
    return { show: false, reason: 'recently_invited' };
  }
  return { show: true, questionId: answer.questionId, score };
}

// At least 16 url-safe characters (96 bits as base64url), so tokens cannot be guessed or enumerated.
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The click-tracking link `<base>/r/<token>` a message shows instead of the target, so the /r/
 * route can count the click and redirect. Keeps a path on the base (`https://x.fi/palaute`).
 */
export function trackedLinkUrl(publicBaseUrl: string, token: string): string {
  if (!TOKEN.test(token)) throw new RangeError('A link token must be 16–128 characters of A–Z, a–z, 0–9, "_" or "-"');
  const base = new URL(publicBaseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new RangeError(`The public base URL must be http(s), got ${base.protocol}`);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}/r/${token}`;
}

/** Clicks per link shown, in percent (1 decimal), for reporting beside NPS; null when none shown. */
export function clickRate(shown: number, clicked: number): number | null {
  return pct(Math.min(clicked, shown), shown);
}
