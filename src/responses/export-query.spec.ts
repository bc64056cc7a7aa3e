import { Problem } from '../common/problem';
import { parseExportQuery } from './export-query';

const WS = 'ws';
const CAMPAIGN = '5f0c6a2e-8f5d-4a8e-9d64-5e8e2a8a0b11';

function fieldErrors(query: Record<string, string>): string[] {
  try {
    parseExportQuery(WS, query);
  } catch (err) {
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).getStatus()).toBe(400);
    return ((err as Problem).errors ?? []).map((e) => e.path);
  }
  throw new Error('expected a 400 problem');
}

describe('parseExportQuery', () => {
  it('defaults to NDJSON with a BOM for CSV and no filters', () => {
    expect(parseExportQuery(WS, {})).toEqual({
      workspaceId: WS,
      format: 'ndjson',
      bom: true,
      campaignId: undefined,
      from: undefined,
      to: undefined,
      score: undefined,
      filter: {
        channel: undefined,
        slices: {},
        bands: undefined,
        text: undefined,
        commented: undefined,
        tag: undefined,
      },
    });
  });

  it('takes the format from the query first, then from Accept negotiation', () => {
    expect(parseExportQuery(WS, {}, 'text/csv').format).toBe('csv');
    expect(parseExportQuery(WS, {}, 'application/x-ndjson').format).toBe('ndjson');
    expect(parseExportQuery(WS, { format: 'ndjson' }, 'text/csv').format).toBe('ndjson');
    expect(parseExportQuery(WS, { format: 'csv' }).format).toBe('csv');
  });

  it('reads every filter', () => {
    expect(
      parseExportQuery(WS, {
        campaignId: CAMPAIGN,
        from: '2026-01-01T00:00:00+02:00',
        to: '2026-02-01T00:00:00Z',
        scoreMin: '0',
        scoreMax: '6',
        questionId: 'q1',
        bom: 'false',
      }),
    ).toEqual({
      workspaceId: WS,
      format: 'ndjson',
      campaignId: CAMPAIGN,
      from: new Date('2025-12-31T22:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
      score: { min: 0, max: 6, questionId: 'q1' },
      filter: {
        channel: undefined,
        slices: {},
        bands: undefined,
        text: undefined,
        commented: undefined,
        tag: undefined,
      },
      bom: false,
    });
  });

  it('reads the filters the responses list takes, with the same names', () => {
    expect(
      parseExportQuery(WS, {
        channel: 'sms',
        team: 'Support',
        agent: 'A-21',
        touchpoint: 'chat',
        location: 'Tampere',
        band: 'detractor,passive',
        q: '  long queue ',
        commented: 'true',
        tag: ' Refund  Asked ',
      }).filter,
    ).toEqual({
      channel: 'sms',
      slices: { team: 'Support', agent: 'A-21', touchpoint: 'chat', location: 'Tampere' },
      bands: ['detractor', 'passive'],
      text: 'long queue',
      commented: true,
      tag: 'refund asked',
    });
    expect(parseExportQuery(WS, { commented: 'false' }).filter.commented).toBe(false);
  });

  it('accepts a one-sided score range', () => {
    expect(parseExportQuery(WS, { scoreMin: '9' }).score).toEqual({ min: 9, max: undefined, questionId: undefined });
    expect(parseExportQuery(WS, { scoreMax: '6' }).score).toEqual({ min: undefined, max: 6, questionId: undefined });
  });

  it.each<[Record<string, string>, string[]]>([
    [{ format: 'xlsx' }, ['format']],
    [{ campaignId: 'not-a-uuid' }, ['campaignId']],
    [{ from: 'yesterday' }, ['from']],
    [{ to: '2026-01-01' }, ['to']],
    [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, ['to']],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, ['to']],
    [{ scoreMin: '4.5' }, ['scoreMin']],
    [{ scoreMin: 'high' }, ['scoreMin']],
    [{ scoreMax: '11' }, ['scoreMax']],
    [{ scoreMin: '-1' }, ['scoreMin']],
    [{ scoreMin: '7', scoreMax: '3' }, ['scoreMax']],
    [{ questionId: 'q1' }, ['questionId']],
    [{ scoreMin: '1', questionId: '1bad id' }, ['questionId']],
    [{ bom: 'yes' }, ['bom']],
    [{ channel: 'fax' }, ['channel']],
    [{ band: 'detractor,worst' }, ['band.1']],
    [{ team: '' }, ['team']],
    [{ q: '   ' }, ['q']],
    [{ commented: 'yes' }, ['commented']],
    [{ tag: 'x'.repeat(51) }, ['tag']],
    [{ scoremin: '9' }, ['(root)']],
  ])('rejects %j naming %j', (query, paths) => {
    expect(fieldErrors(query)).toEqual(expect.arrayContaining(paths));
  });

  it('names every bad parameter at once', () => {
    expect(fieldErrors({ format: 'xml', campaignId: 'x', scoreMax: '12' }).sort()).toEqual([
      'campaignId',
      'format',
      'scoreMax',
    ]);
  });
});
