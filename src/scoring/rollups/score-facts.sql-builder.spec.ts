import { FactsRequest, FactsRequestError } from './score-facts';
import { factsQuery } from './score-facts.sql-builder';

const base: FactsRequest = {
  workspaceId: 'w',
  where: {},
  groupBy: [],
  timeZone: 'UTC',
  from: new Date('2026-01-01T00:00:00Z'),
  to: new Date('2027-01-01T00:00:00Z'),
};
const placeholders = (text: string) => new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

describe('factsQuery', () => {
  it.each<[string, Partial<FactsRequest>, { branches: number; raw: boolean }]>([
    ['whole days: day rollups and pending deltas', {}, { branches: 2, raw: false }],
    [
      'aligned period with a ragged end: days, hours, buckets, deltas',
      { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T01:15:00Z') },
      { branches: 2, raw: false },
    ],
    [
      'unaligned start: raw answers for the partial first bucket',
      { from: new Date('2026-11-01T00:05:00Z') },
      { branches: 3, raw: true },
    ],
    ['unaligned end', { to: new Date('2026-11-01T00:05:00Z') }, { branches: 3, raw: true }],
    [
      'inside one bucket: raw answers only',
      { from: new Date('2026-11-01T00:05:00Z'), to: new Date('2026-11-01T00:10:00Z') },
      { branches: 1, raw: true },
    ],
    [
      'a snapshot filter and a built-in group',
      { where: { 'properties.team': 'billing', channel: 'sms' }, groupBy: ['channel'] },
      { branches: 2, raw: false },
    ],
    [
      'two snapshot dimensions: pair rows for whole days, raw answers around Helsinki week starts',
      { groupBy: ['properties.team', 'contact.tier'], interval: 'week', timeZone: 'Europe/Helsinki' },
      { branches: 3, raw: true },
    ],
    [
      'a snapshot dimension over whole UTC days needs no raw answers',
      { groupBy: ['properties.team'] },
      { branches: 2, raw: false },
    ],
  ])('%s', (_what, request, expected) => {
    const { text, params } = factsQuery({ ...base, ...request });
    const branches = ['FROM score_rollups', 'JOIN rollup_deltas', ') raw_facts'].filter((b) => text.includes(b));
    expect(branches).toHaveLength(expected.branches);
    expect(text.includes(') raw_facts')).toBe(expected.raw);
    // Every parameter is used, and no placeholder is left without one (Postgres refuses both).
    expect(placeholders(text)).toEqual(new Set(params.map((_, i) => i + 1)));
  });

  it('reads a ragged period as days, hours and buckets: one rollup branch per grain', () => {
    const { text } = factsQuery({
      ...base,
      from: new Date('2026-11-01T10:15:00Z'),
      to: new Date('2026-11-04T03:00:00Z'),
    });
    expect(text.match(/FROM score_rollups/g)).toHaveLength(3);
    expect(factsQuery(base).text.match(/FROM score_rollups/g)).toHaveLength(1);
  });

  it('reads pair rollups with the snapshot keys in order', () => {
    const { params } = factsQuery({ ...base, groupBy: ['properties.team', 'contact.tier'] });
    expect(params.slice(0, 3)).toEqual(['w', 'contact.tier', 'properties.team']);
  });

  it.each<[Partial<FactsRequest>, string]>([
    [{ groupBy: ['channel', 'language', 'campaign'] }, 'Group by at most two dimensions at once'],
    [
      { groupBy: ['properties.a', 'properties.b'], where: { 'contact.c': 'x' } },
      'At most two dimensions besides the campaign',
    ],
    [
      { groupBy: ['channel', 'language'], where: { 'properties.team': 'billing' } },
      'At most two dimensions besides the campaign',
    ],
  ])('refuses %j', (request, message) => {
    expect(() => factsQuery({ ...base, ...request })).toThrow(FactsRequestError);
    expect(() => factsQuery({ ...base, ...request })).toThrow(message);
  });
});
