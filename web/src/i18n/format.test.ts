import { describe, expect, it } from 'vitest';

import { formatCount, formatInterval, formatNumber } from './format';

describe('formatting in the reader’s language', () => {
  it('uses a decimal comma in Finnish and a point in English', () => {
    expect(formatNumber('fi', 42.46)).toBe('42,5');
    expect(formatNumber('en', 42.46)).toBe('42.5');
  });
  it('groups thousands the Nordic way', () => expect(formatCount('sv', 1240).replace(/\s/g, ' ')).toBe('1 240'));
  it('shows a dash for a figure that does not exist', () => {
    expect(formatNumber('en', null)).toBe('–');
    expect(formatInterval('en', 1, undefined)).toBe('–');
  });
  it('joins an interval with an en dash', () => expect(formatInterval('en', -3.25, 12)).toBe('-3.3–12.0'));
});

describe('percentages', () => {
  it('writes them the reader’s way', async () => {
    const { formatPercent } = await import('./percent');
    expect(formatPercent('en', 42.46)).toBe('42.5%');
    expect(formatPercent('fi', 42.46).replace(/\s/g, ' ')).toBe('42,5 %');
  });
});
