import { parseIsoDuration } from './iso-duration';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('parseIsoDuration', () => {
  it.each<[string, number, string]>([
    ['PT2H', 2 * HOUR, 'PT2H'],
    ['P7D', 7 * DAY, 'P7D'],
    ['PT0S', 0, 'PT0S'],
    ['P0D', 0, 'PT0S'],
    ['PT30M', 30 * MIN, 'PT30M'],
    ['P1DT12H', DAY + 12 * HOUR, 'P1DT12H'],
    ['P1W', 7 * DAY, 'P1W'],
    ['P2W3D', 17 * DAY, 'P2W3D'],
    ['PT1H30M', HOUR + 30 * MIN, 'PT1H30M'],
    ['PT90S', 90_000, 'PT90S'],
    ['PT1.5H', 1.5 * HOUR, 'PT1.5H'],
    ['PT0.5S', 500, 'PT0.5S'],
    ['P1DT1H1M1S', DAY + HOUR + MIN + 1000, 'P1DT1H1M1S'],
    ['  PT2H  ', 2 * HOUR, 'PT2H'],
    ['pt2h', 2 * HOUR, 'PT2H'],
  ])('%p → %p ms', (text, ms, iso) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, ms, iso });
  });

  it.each<[string, RegExp]>([
    ['', /not an ISO 8601 duration/],
    ['   ', /not an ISO 8601 duration/],
    ['P', /not an ISO 8601 duration/],
    ['PT', /not an ISO 8601 duration/],
    ['2H', /not an ISO 8601 duration/],
    ['PT2', /not an ISO 8601 duration/],
    ['2 hours', /not an ISO 8601 duration/],
    ['P1H', /not an ISO 8601 duration/],
    ['P1M', /months or years.*varies/],
    ['P1Y', /months or years/],
    ['P1Y2M', /months or years/],
    ['P0M', /months or years/],
    ['P1MT2H', /months or years/],
    ['-P1D', /negative/],
    ['P-1D', /negative/],
    ['PT-30M', /negative/],
    ['P99999999999999D', /too long/],
  ])('rejects %p', (text, message) => {
    const result = parseIsoDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('quotes the input in error messages', () => {
    expect(parseIsoDuration('P1M')).toEqual({ ok: false, message: expect.stringContaining('"P1M"') });
  });

  it('keeps PT1M (one minute) apart from P1M (one month)', () => {
    expect(parseIsoDuration('PT1M')).toEqual({ ok: true, ms: MIN, iso: 'PT1M' });
    expect(parseIsoDuration('P1M').ok).toBe(false);
  });
});
