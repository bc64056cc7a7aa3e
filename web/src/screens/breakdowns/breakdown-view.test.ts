import { describe, expect, it } from 'vitest';

import type { Figure, ScoreGroup } from '../../api/scores';
import {
  groupByOf,
  nextSort,
  responsesSearchOf,
  rowsOf,
  searchWithView,
  sortRows,
  viewFromSearch,
} from './breakdown-view';

const compare = (a: string, b: string) => a.localeCompare(b, 'en');

const figure = (n: number, score: number | null, low: number, high: number, tooFewToJudge = false): Figure => ({
  n,
  score,
  interval: score === null ? null : { low, high },
  tooFewToJudge,
});

const group = (team: string, nps: Figure, ces: Figure = figure(0, null, 0, 0, true)) =>
  ({ key: { 'properties.team': team }, nps, csat: ces, ces }) as unknown as ScoreGroup;

describe('the view in the URL', () => {
  it('reads the defaults from an empty link and ignores what it does not know', () => {
    expect(viewFromSearch(new URLSearchParams(''))).toEqual({ by: 'team', metric: 'nps', sort: 'rank', dir: 'asc' });
    expect(viewFromSearch(new URLSearchParams('by=planet&metric=mood&sort=colour&dir=up'))).toEqual(
      viewFromSearch(new URLSearchParams('')),
    );
  });

  it('starts a column in its own direction unless the link says otherwise', () => {
    expect(viewFromSearch(new URLSearchParams('sort=score')).dir).toBe('desc');
    expect(viewFromSearch(new URLSearchParams('sort=score&dir=asc')).dir).toBe('asc');
    expect(viewFromSearch(new URLSearchParams('by=location&metric=ces')).by).toBe('location');
  });

  it('writes the view beside the filters and keeps the default sort out', () => {
    const s = searchWithView(new URLSearchParams('period=90d&team=Billing&sort=n&dir=desc'), {
      by: 'agent',
      sort: 'rank',
      dir: 'asc',
    });
    expect(s.toString()).toBe('period=90d&team=Billing&by=agent&metric=nps');
    expect(searchWithView(s, { sort: 'name', dir: 'desc' }).toString()).toBe(
      'period=90d&team=Billing&by=agent&metric=nps&sort=name&dir=desc',
    );
  });

  it('turns a column around when pressed again, and starts another afresh', () => {
    const view = viewFromSearch(new URLSearchParams('sort=score'));
    expect(nextSort(view, 'score')).toEqual({ sort: 'score', dir: 'asc' });
    expect(nextSort(view, 'name')).toEqual({ sort: 'name', dir: 'asc' });
    expect(nextSort(view, 'n')).toEqual({ sort: 'n', dir: 'desc' });
  });
});

describe('the API query and the link to the responses', () => {
  it('groups by the journey property, or by the channel itself', () => {
    expect(groupByOf('team')).toBe('properties.team');
    expect(groupByOf('location')).toBe('properties.location');
    expect(groupByOf('channel')).toBe('channel');
  });

  it('opens a slice with the same filters, narrowed to it', () => {
    const filters = { period: '90d', tz: 'Europe/Helsinki', channel: 'sms' } as const;
    expect(responsesSearchOf(filters, 'team', 'Billing & Co')).toBe(
      'period=90d&team=Billing+%26+Co&channel=sms&tz=Europe%2FHelsinki',
    );
    expect(responsesSearchOf(filters, 'channel', 'email')).toBe('period=90d&channel=email&tz=Europe%2FHelsinki');
    expect(responsesSearchOf({ period: '30d', tz: 'UTC' }, 'location', 'Oulu')).toBe('location=Oulu');
  });
});

describe('the rows', () => {
  const groups = [
    group('Support', figure(80, -5, -25, 15)),
    group('Billing', figure(80, 55, 37, 73)),
    group('Tiny', figure(9, 80, 40, 100, true)),
    group('Onboarding', figure(80, 25, 5, 45)),
    group('', figure(40, 10, -15, 35)),
  ];

  it('ranks the slices of the chosen measure and lists those with too few answers apart', () => {
    const rows = rowsOf(groups, viewFromSearch(new URLSearchParams('')), compare);
    expect(rows.ranked.map((r) => [r.key, r.rank])).toEqual([
      ['Billing', { best: 1, worst: 2 }],
      ['Onboarding', { best: 1, worst: 4 }],
      ['', { best: 2, worst: 4 }],
      ['Support', { best: 2, worst: 4 }],
    ]);
    expect(rows.unranked.map((r) => r.key)).toEqual(['Tiny']);
    // CES has no answers here at all: nothing can be ranked.
    const ces = rowsOf(groups, viewFromSearch(new URLSearchParams('metric=ces')), compare);
    expect(ces.ranked).toEqual([]);
    expect(ces.unranked).toHaveLength(5);
  });

  it('sorts by score, n and name either way, ties by name', () => {
    const { ranked } = rowsOf(groups, viewFromSearch(new URLSearchParams('')), compare);
    const keys = (sort: 'name' | 'n' | 'score', dir: 'asc' | 'desc') =>
      sortRows(ranked, { sort, dir }, compare).map((r) => r.key);
    expect(keys('score', 'desc')).toEqual(['Billing', 'Onboarding', '', 'Support']);
    expect(keys('score', 'asc')).toEqual(['Support', '', 'Onboarding', 'Billing']);
    expect(keys('n', 'desc')).toEqual(['Support', 'Onboarding', 'Billing', '']);
    expect(keys('n', 'asc')).toEqual(['', 'Billing', 'Onboarding', 'Support']);
    expect(keys('name', 'asc')).toEqual(['', 'Billing', 'Onboarding', 'Support']);
    expect(keys('name', 'desc')).toEqual(['Support', 'Onboarding', 'Billing', '']);
  });

  it('puts slices without a score last when the highest come first', () => {
    const rows = rowsOf(
      [...groups, group('Quiet', figure(0, null, 0, 0, true))],
      viewFromSearch(new URLSearchParams('sort=score')),
      compare,
    );
    expect(rows.unranked.map((r) => r.key)).toEqual(['Tiny', 'Quiet']);
  });
});
