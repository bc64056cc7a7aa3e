import { describe, expect, it } from 'vitest';

import {
  filtersFromSearch,
  intervalOf,
  previousRange,
  rangeOf,
  scoresQueryOf,
  searchOf,
  startOfDayIn,
} from './filters';

const now = new Date('2026-12-04T12:00:00Z');

describe('the filter bar in the URL', () => {
  it('reads a shared link back into the same filters', () => {
    const f = filtersFromSearch(new URLSearchParams('period=90d&team=Billing&channel=sms&tz=Europe%2FHelsinki'));
    expect(f).toEqual({ period: '90d', team: 'Billing', channel: 'sms', tz: 'Europe/Helsinki' });
    expect(filtersFromSearch(searchOf(f))).toEqual(f);
  });
  it('carries a location from a link to the API as a snapshot dimension', () => {
    const f = filtersFromSearch(new URLSearchParams('location=Tampere&team=Billing&sort=n'));
    expect(f).toEqual({ period: '30d', team: 'Billing', location: 'Tampere', tz: 'UTC' });
    expect(searchOf(f).toString()).toBe('team=Billing&location=Tampere');
    expect(scoresQueryOf(f, now)).toMatchObject({ 'properties.location': 'Tampere', 'properties.team': 'Billing' });
  });
  it('keeps defaults out of the link', () => expect(searchOf({ period: '30d', tz: 'UTC' }).toString()).toBe(''));
  it('ignores a period it does not know and dates that are not dates', () => {
    const f = filtersFromSearch(new URLSearchParams('period=forever&from=yesterday'));
    expect(f).toEqual({ period: '30d', tz: 'UTC' });
    const c = filtersFromSearch(new URLSearchParams('period=custom&from=2026-01-01&to=nope'));
    expect(c.from).toBe('2026-01-01');
    expect(c.to).toBeUndefined();
  });
});

describe('periods', () => {
  it('ends a preset now', () => {
    const r = rangeOf({ period: '7d', tz: 'UTC' }, now);
    expect(r.to).toEqual(now);
    expect(r.from.toISOString()).toBe('2026-11-27T12:00:00.000Z');
  });
  it('covers whole custom days in the chosen zone', () => {
    const r = rangeOf({ period: 'custom', from: '2026-06-01', to: '2026-06-30', tz: 'Europe/Helsinki' }, now);
    expect(r.from.toISOString()).toBe('2026-05-31T21:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-06-30T21:00:00.000Z');
  });
  it('finds midnight across a daylight-saving change', () =>
    expect(startOfDayIn('2026-10-25', 'Europe/Helsinki').toISOString()).toBe('2026-10-24T21:00:00.000Z'));
  it('compares with the period of the same length before', () => {
    const r = rangeOf({ period: '30d', tz: 'UTC' }, now);
    const p = previousRange(r);
    expect(p.to).toEqual(r.from);
    expect(r.from.getTime() - p.from.getTime()).toBe(r.to.getTime() - r.from.getTime());
  });
  it('steps a trend by day, week or month', () => {
    expect(intervalOf(rangeOf({ period: '30d', tz: 'UTC' }, now))).toBe('day');
    expect(intervalOf(rangeOf({ period: '90d', tz: 'UTC' }, now))).toBe('week');
    expect(intervalOf(rangeOf({ period: '12m', tz: 'UTC' }, now))).toBe('month');
  });
});

describe('the API query', () => {
  it('turns slices into snapshot dimensions', () => {
    const q = scoresQueryOf({ period: '7d', tz: 'UTC', team: 'Billing', agent: 'a-7', campaignId: 'c1' }, now);
    expect(q).toMatchObject({ 'properties.team': 'Billing', 'properties.agent': 'a-7', campaignId: 'c1', tz: 'UTC' });
  });
});
