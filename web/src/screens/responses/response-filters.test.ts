import { describe, expect, it } from 'vitest';

import type { Filters } from '../../filters/filters';
import {
  commentOf,
  excerpt,
  exportUrlOf,
  listFiltersFromSearch,
  npsBand,
  responsesQueryOf,
  scoreOf,
  withListFilters,
} from './response-filters';

const now = new Date('2026-03-31T12:00:00Z');
const base: Filters = { period: '30d', tz: 'Europe/Helsinki' };

describe('npsBand', () => {
  it('puts 0–6 with detractors, 7–8 with passives, 9–10 with promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsBand)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('has no band for what is not a score', () => {
    expect([null, undefined, '9', 11, -1, 6.5, Number.NaN].map(npsBand)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('the list filters in the URL', () => {
  it('reads bands in their own order, ignoring unknown ones, and the comment and words filters', () => {
    const f = listFiltersFromSearch(
      new URLSearchParams('band=promoter,bogus,detractor&commented=true&q=%20queue%20&tag=refund'),
    );
    expect(f).toEqual({ bands: ['detractor', 'promoter'], commented: true, q: 'queue', tag: 'refund' });
  });

  it('is empty without its keys', () => {
    expect(listFiltersFromSearch(new URLSearchParams('team=Support'))).toEqual({ bands: [], commented: false });
  });

  it('writes its keys and leaves the filter bar’s alone', () => {
    const s = withListFilters(new URLSearchParams('team=Support&band=passive&q=x&tag=vip'), {
      bands: ['promoter', 'detractor'],
      commented: false,
      q: '  ',
    });
    expect(s.toString()).toBe('team=Support&band=detractor%2Cpromoter');
  });
});

describe('responsesQueryOf', () => {
  it('is the period, the bar’s filters by the API’s names and the list’s own', () => {
    const q = responsesQueryOf(
      { ...base, team: 'Support', agent: 'A-21', touchpoint: 'chat', channel: 'sms', campaignId: 'c1' },
      { bands: ['detractor'], commented: true, q: 'queue', tag: 'vip' },
      now,
    );
    expect(q).toEqual({
      from: '2026-03-01T12:00:00.000Z',
      to: '2026-03-31T12:00:00.000Z',
      campaignId: 'c1',
      channel: 'sms',
      team: 'Support',
      agent: 'A-21',
      touchpoint: 'chat',
      band: 'detractor',
      commented: 'true',
      q: 'queue',
      tag: 'vip',
    });
  });

  it('narrows to a location a breakdown links to', () => {
    expect(responsesQueryOf({ ...base, location: 'Oulu' }, { bands: [], commented: false }, now).location).toBe('Oulu');
  });

  it('leaves out filters not set', () => {
    expect(Object.keys(responsesQueryOf(base, { bands: [], commented: false }, now))).toEqual(['from', 'to']);
  });

  it('covers whole days of a custom range in the chosen zone', () => {
    const q = responsesQueryOf(
      { ...base, period: 'custom', from: '2026-03-01', to: '2026-03-02' },
      { bands: [], commented: false },
      now,
    );
    expect([q.from, q.to]).toEqual(['2026-02-28T22:00:00.000Z', '2026-03-02T22:00:00.000Z']);
  });
});

describe('exportUrlOf', () => {
  it('asks the export for the list’s exact query in the chosen format', () => {
    const url = exportUrlOf(
      { ...base, team: 'Support' },
      { bands: ['detractor', 'passive'], commented: false },
      'csv',
      now,
    );
    const [path, search] = url.split('?');
    expect(path).toBe('/v1/responses/export');
    expect(Object.fromEntries(new URLSearchParams(search))).toEqual({
      format: 'csv',
      from: '2026-03-01T12:00:00.000Z',
      to: '2026-03-31T12:00:00.000Z',
      team: 'Support',
      band: 'detractor,passive',
    });
  });

  it('escapes what people type', () => {
    const url = exportUrlOf(base, { bands: [], commented: false, q: 'a&b=c #1' }, 'ndjson', now);
    expect(new URLSearchParams(url.split('?')[1]).get('q')).toBe('a&b=c #1');
  });
});

describe('excerpt', () => {
  it('keeps short text whole, on one line', () => {
    expect(excerpt('  Quick and\nfriendly  help ')).toBe('Quick and friendly help');
    expect(excerpt(null)).toBe('');
  });

  it('cuts long text at a word boundary with an ellipsis, within the limit', () => {
    const text = 'The queue time was far too long, and nobody called me back after I left a message';
    const out = excerpt(text, 40);
    expect(out).toBe('The queue time was far too long, and…');
    expect(out.length).toBeLessThanOrEqual(40);
  });

  it('cuts inside a word when there is no space near the end', () => {
    expect(excerpt('Jonotusaikaoliaivanliianpitkäjaepäkohtelias', 12)).toBe('Jonotusaika…');
  });
});

describe('scores and comments of a list row', () => {
  const answers = [
    { questionId: 'q1', type: 'nps', value: 3, comment: 'slow' },
    { questionId: 'csat', type: 'csat', value: 2, comment: null },
    { questionId: 'fcr', type: 'yes_no', value: 'no', comment: null },
    { questionId: 'why', type: 'text', value: 'The queue was long', comment: null },
  ];

  it('finds each measure’s score by its question type', () => {
    expect([scoreOf(answers, 'nps'), scoreOf(answers, 'csat'), scoreOf(answers, 'ces')]).toEqual([3, 2, null]);
  });

  it('joins open answers, comments given with a score and an unreadable reply, not choices', () => {
    expect(commentOf(answers, 'wat')).toBe('The queue was long · slow · wat');
    expect(commentOf([])).toBe('');
  });
});
