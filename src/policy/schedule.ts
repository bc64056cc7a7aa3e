import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

import { ianaZone } from './zone-time';

/** A relationship campaign's schedule: a five-field cron expression read in a time zone. */
export interface CronSchedule {
  /** minute hour day-of-month month day-of-week, e.g. "0 9 1 3,9 *" (09:00 on 1 March and 1 September). */
  cron: string;
  /** IANA zone the hours are read in, e.g. Europe/Helsinki. */
  timezone: string;
}

const FIELDS = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;
const SHAPE = 'expected 5 fields "minute hour day-of-month month day-of-week", e.g. "0 9 1 3,9 *"';

/** What is wrong with a cron expression, one readable line per problem; empty when it is fine. */
export function cronProblems(cron: string): string[] {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) return [`the cron expression is empty: ${SHAPE}`];
  if (fields.length !== 5)
    return [`the cron expression has ${fields.length} field${fields.length === 1 ? '' : 's'}: ${SHAPE}`];
  const problems: string[] = [];
  fields.forEach((value, i) => {
    // cron-parser reads H as a random time, which would make the schedule differ per process.
    if (/(^|[^A-Za-z])H([^A-Za-z]|$)/.test(value)) {
      problems.push(`${FIELDS[i]} "${value}": H (a random value) is not allowed; give the time explicitly`);
      return;
    }
    // Each field on its own against wildcards, so the message can name the field at fault.
    const probe = FIELDS.map((_, j) => (j === i ? value : '*')).join(' ');
    try {
      CronExpressionParser.parse(probe, { tz: 'UTC' });
    } catch (e) {
      problems.push(`${FIELDS[i]} "${value}": ${(e as Error).message}`);
    }
  });
  if (problems.length) return problems;
  try {
    CronExpressionParser.parse(fields.join(' '), { tz: 'UTC' });
  } catch (e) {
    problems.push(`"${cron.trim()}" can never run: ${(e as Error).message}`);
  }
  return problems;
}

function isZone(name: string): boolean {
  try {
    ianaZone(name);
    return true;
  } catch {
    return false;
  }
}

export const cronScheduleSchema = z
  .object({
    cron: z.string().superRefine((cron, ctx) => {
      for (const message of cronProblems(cron)) ctx.addIssue({ code: 'custom', message });
    }),
    timezone: z.string().refine(isZone, {
      message: 'Unknown time zone: expected an IANA name such as Europe/Helsinki or America/New_York',
    }),
  })
  .strict();

/**
 * The next `count` run times strictly after `after`. Hours are wall-clock hours in `zone`: a run
 * whose time falls in a spring-forward gap happens once, shifted forward by the gap (02:30 → 03:30);
 * one in the repeated autumn hour happens once, on its first pass; hourly schedules run every
 * real hour. Throws a RangeError naming the problem for an invalid expression or zone.
 */
export function nextRuns(cron: string, zone: string, after: Date, count: number): Date[] {
  const problems = cronProblems(cron);
  if (problems.length) throw new RangeError(problems.join('; '));
  ianaZone(zone);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new RangeError(`count must be a whole number from 1 to 1000, got ${count}`);
  const runs = CronExpressionParser.parse(cron.trim(), { currentDate: after, tz: zone });
  return Array.from({ length: count }, () => runs.next().toDate());
}
