import { describe, expect, it } from 'vitest';

import type { Filters } from '../../filters/filters';
import { byLanguage, languageOf, languagesWithAnswers, textQueryOf, unsupportedFilters } from './text-query';

const now = new Date('2026-03-01T12:00:00Z');
const base: Filters = { period: '30d', tz: 'Europe/Helsinki' };

describe('textQueryOf', () => {
  it('gives the period as from/to and leaves out what is not set', () => {
    expect(textQueryOf(base, now)).toEqual({ from: '2026-01-30T12:00:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  });

  it('carries the campaign and the answer language, and not the filters the text routes lack', () => {
    const f: Filters = { ...base, campaignId: 'c1', team: 'Support', channel: 'sms' };
    expect(textQueryOf(f, now, 'fi')).toEqual({
      from: '2026-01-30T12:00:00.000Z',
      to: '2026-03-01T12:00:00.000Z',
      campaignId: 'c1',
      language: 'fi',
    });
  });

  it('covers whole days in the zone for custom dates', () => {
    const f: Filters = { ...base, period: 'custom', from: '2026-02-01', to: '2026-02-28' };
    expect(textQueryOf(f, now)).toMatchObject({ from: '2026-01-31T22:00:00.000Z', to: '2026-02-28T22:00:00.000Z' });
  });
});

describe('unsupportedFilters', () => {
  it('names the filter bar keys the text routes would ignore', () => {
    expect(unsupportedFilters(base)).toEqual([]);
    expect(unsupportedFilters({ ...base, campaignId: 'c1', team: 'Support', channel: 'sms' })).toEqual([
      'team',
      'channel',
    ]);
    expect(unsupportedFilters({ ...base, location: 'Tampere' })).toEqual(['location']);
  });
});

describe('languages', () => {
  it('reads only analysed languages from the URL', () => {
    expect(languageOf('fi')).toBe('fi');
    expect(languageOf('de')).toBeUndefined();
    expect(languageOf(null)).toBeUndefined();
  });

  it('offers the languages with answers, in order, and keeps the chosen one', () => {
    expect(languagesWithAnswers({ en: 3, fi: 0, sv: 2, nb: 0, other: 4 })).toEqual(['en', 'sv']);
    expect(languagesWithAnswers({ en: 3 }, 'nb')).toEqual(['en', 'nb']);
  });

  it('groups by language, analysed languages in order, unanalysed last', () => {
    const items = [
      { language: null, k: 1 },
      { language: 'fi' as const, k: 2 },
      { language: 'en' as const, k: 3 },
      { language: 'fi' as const, k: 4 },
    ];
    expect(byLanguage(items).map((g) => [g.language, g.items.map((i) => i.k)])).toEqual([
      ['en', [3]],
      ['fi', [2, 4]],
      [null, [1]],
    ]);
  });
});
