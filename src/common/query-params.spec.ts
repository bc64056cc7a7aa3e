import { z } from 'zod';

import { QueryParamsRule, unknownQueryParams } from './query-params';

const rule = (shape: z.ZodRawShape, extra: Partial<QueryParamsRule> = {}): QueryParamsRule => {
  const schema = z.object(shape).strict();
  return { schema, names: Object.keys(schema.shape), ...extra };
};

describe('unknownQueryParams', () => {
  const list = rule({ campaignId: z.string().optional(), limit: z.string().optional() });

  it('lets the declared names through', () => {
    expect(unknownQueryParams(['campaignId', 'limit'], list)).toEqual([]);
  });

  it('names each unknown parameter and says what the route takes', () => {
    expect(unknownQueryParams(['campaign_id', 'limit', 'foo'], list)).toEqual([
      { path: 'campaign_id', message: 'Unknown parameter; this route takes campaignId, limit' },
      { path: 'foo', message: 'Unknown parameter; this route takes campaignId, limit' },
    ]);
  });

  it('refuses every parameter on a route that declared none', () => {
    expect(unknownQueryParams(['limit'], undefined)).toEqual([
      { path: 'limit', message: 'Unknown parameter; this route takes no query parameters' },
    ]);
    expect(unknownQueryParams([''], undefined)).toEqual([
      { path: '(empty name)', message: 'Unknown parameter; this route takes no query parameters' },
    ]);
  });

  it('lets a pattern through when the route allows one, and gives its hint', () => {
    const scores = rule(
      { from: z.string().optional() },
      { alsoAllows: (name) => name.startsWith('properties.'), hint: 'properties.<key>' },
    );
    expect(unknownQueryParams(['from', 'properties.team'], scores)).toEqual([]);
    expect(unknownQueryParams(['contact.plan'], scores)).toEqual([
      { path: 'contact.plan', message: 'Unknown parameter; this route takes from (properties.<key>)' },
    ]);
  });

  it('is case-sensitive, like the schemas', () => {
    expect(unknownQueryParams(['CampaignId'], list).map((e) => e.path)).toEqual(['CampaignId']);
  });
});
