import { responseFilterConditions } from './response-filters.sql-builder';

/** Conditions and the values bound, numbered as a statement would number them. */
function build(filter: Parameters<typeof responseFilterConditions>[0]) {
  const values: unknown[] = [];
  const where = responseFilterConditions(filter, (v) => `$${values.push(v)}`);
  return { where, values };
}

describe('responseFilterConditions', () => {
  it('filters nothing when nothing is given', () => {
    expect(build({})).toEqual({ where: [], values: [] });
    expect(build({ slices: { team: undefined } })).toEqual({ where: [], values: [] });
  });

  it('narrows by channel and by journey properties as the response snapshotted them, binding only values', () => {
    const { where, values } = build({ channel: 'sms', slices: { agent: 'A-21', team: 'Support' } });
    expect(where).toEqual([
      `r.channel = $1::text`,
      `r.dims->>'properties.team' = $2::text`,
      `r.dims->>'properties.agent' = $3::text`,
    ]);
    expect(values).toEqual(['sms', 'Support', 'A-21']);
  });

  it('turns NPS bands into the scores they hold, each once', () => {
    const { where, values } = build({ bands: ['promoter', 'detractor', 'promoter'] });
    expect(where).toHaveLength(1);
    expect(where[0]).toContain(`a.question_type = 'nps' AND a.value_num = ANY($1::int[])`);
    expect(values).toEqual([[9, 10, 0, 1, 2, 3, 4, 5, 6]]);
  });

  it('finds words as written, with LIKE’s wildcards taken literally, in open answers, comments and unreadable replies', () => {
    const { where, values } = build({ text: '100%_sure\\' });
    expect(values).toEqual(['%100\\%\\_sure\\\\%']);
    expect(where[0]).toContain('r.unparsed_text ILIKE $1');
    expect(where[0]).toContain(`a.question_type = 'text' OR a.value_num IS NOT NULL`);
  });

  it('says whether there are words at all, either way', () => {
    const has = build({ commented: true }).where[0];
    expect(has).toMatch(/^\(btrim/);
    expect(build({ commented: false }).where[0]).toBe(`NOT ${has}`);
    expect(build({ commented: true }).values).toEqual([]);
  });

  it('finds a tag as stored', () => {
    const { where, values } = build({ tag: 'refund' });
    expect(where).toEqual([`EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.tag = $1::text)`]);
    expect(values).toEqual(['refund']);
  });
});
