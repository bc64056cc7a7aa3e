import { z } from 'zod';

import { DAY } from './zone-time';

/** One survey the contact got (or has scheduled), from any campaign of the workspace. */
export interface RecentSurvey {
  /** When it was (or will be) sent. */
  at: Date;
  campaignId: string;
  campaignName: string;
}

/** How far apart surveys of one contact must be; a missing cap is no cap. */
export interface FatigueCaps {
  /** At most one survey per this many days across all campaigns of the workspace. */
  workspaceDays?: number;
  /** At most one survey per this many days from the same campaign. */
  campaignDays?: number;
}

const days = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number of days`)
    .min(1, `${what} must be at least 1 day; leave it out for no cap`)
    .max(3650, `${what} cannot exceed 3650 days`);

export const fatigueCapsSchema = z
  .object({ workspaceDays: days('workspaceDays').optional(), campaignDays: days('campaignDays').optional() })
  .strict();

/** The survey that blocks this one, the cap it breaks, and how many days lie between (negative: it is still ahead). */
export interface FatigueConflict {
  scope: 'workspace' | 'campaign';
  capDays: number;
  survey: RecentSurvey;
  daysApart: number;
  /** When the contact may next be surveyed, as far as this survey is concerned. */
  until: Date;
}

/**
 * Which earlier or already scheduled survey stops `campaignId` from surveying this contact at
 * `at`, or null. Caps are spacing in whole 24-hour days on both sides, so a survey scheduled
 * for next week blocks one today just as one sent last week does. Of several conflicts, the one
 * that blocks longest is named, since it is what the contact is waiting on.
 */
export function findFatigueConflict(
  recent: RecentSurvey[],
  caps: FatigueCaps,
  campaignId: string,
  at: Date,
): FatigueConflict | null {
  let worst: FatigueConflict | null = null;
  for (const survey of recent) {
    const scopes: Array<['workspace' | 'campaign', number | undefined]> = [
      ['workspace', caps.workspaceDays],
      ['campaign', survey.campaignId === campaignId ? caps.campaignDays : undefined],
    ];
    for (const [scope, capDays] of scopes) {
      if (!capDays) continue;
      const apart = (at.getTime() - survey.at.getTime()) / DAY;
      if (Math.abs(apart) >= capDays) continue;
      const until = new Date(survey.at.getTime() + capDays * DAY);
      if (!worst || until > worst.until) worst = { scope, capDays, survey, daysApart: apart, until };
    }
  }
  return worst;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `surveyed 12 days ago by campaign "Support CSAT" (workspace cap 30 days)`, without the "skipped: ". */
export function describeFatigue(c: FatigueConflict): string {
  const cap = `(${c.scope} cap ${plural(c.capDays, 'day')})`;
  const by = `by campaign ${JSON.stringify(c.survey.campaignName)}`;
  if (c.daysApart < 0) {
    const ahead = Math.floor(-c.daysApart);
    return `already scheduled ${ahead === 0 ? 'within a day' : `in ${plural(ahead, 'day')}`} ${by} ${cap}`;
  }
  const ago = Math.floor(c.daysApart);
  return `surveyed ${ago === 0 ? 'less than a day ago' : `${plural(ago, 'day')} ago`} ${by} ${cap}`;
}

/** Null when the contact may be surveyed, else e.g. `surveyed 12 days ago by campaign "Support CSAT" (workspace cap 30 days)`. */
export function fatigueReason(recent: RecentSurvey[], caps: FatigueCaps, campaignId: string, at: Date): string | null {
  const conflict = findFatigueConflict(recent, caps, campaignId, at);
  return conflict && describeFatigue(conflict);
}
