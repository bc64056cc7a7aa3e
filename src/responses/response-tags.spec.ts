import { normalizeTag, tagSet } from './response-tags';

describe('response tags', () => {
  it.each([
    ['  Refund ', 'refund'],
    ['Late   DELIVERY', 'late delivery'],
    ['Jonotus\u00a0aika', 'jonotus aika'],
    ['Cafe\u0301', 'café'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeTag(input)).toBe(expected);
  });

  it('makes a sorted set, one entry per normalized tag', () => {
    expect(tagSet(['VIP', 'refund', 'vip ', 'Billing'])).toEqual(['billing', 'refund', 'vip']);
    expect(tagSet([])).toEqual([]);
  });
});
