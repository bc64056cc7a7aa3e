import { z } from 'zod';

import { unitInterval } from './stable-hash';

/** Share of eligible events a campaign surveys, in percent (0–100, fractions allowed). */
export const samplePercentSchema = z
  .number({ message: 'Expected a percentage between 0 and 100' })
  .min(0, 'The sample cannot be below 0%')
  .max(100, 'The sample cannot be above 100%');

/**
 * The sampling key of one event for one campaign. The campaign id is part of it so each campaign
 * samples independently (otherwise the same 30% of customers would get every sampled survey);
 * JSON keeps the pair unambiguous whatever characters the keys hold.
 */
export function samplingKey(campaignId: string, eventKey: string): string {
  return JSON.stringify([campaignId, eventKey]);
}

/** Where this key falls in [0, 1); in at `percent` when below percent / 100. For dry runs that vary the percentage. */
export function samplingPoint(key: string): number {
  return unitInterval('sample', key);
}

/**
 * Whether the event keyed `key` (see samplingKey) is in a `percent` sample. A pure function of
 * its arguments, so a retry, a replay or another worker reaches the same answer; raising the
 * percentage only adds events, it never drops one that was in.
 */
export function sampledIn(key: string, percent: number): boolean {
  if (!(percent >= 0 && percent <= 100))
    throw new RangeError(`sample percentage must be between 0 and 100, got ${percent}`);
  return samplingPoint(key) < percent / 100;
}
