import { randomUUID } from 'node:crypto';

import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
}

const UNKNOWN = 'zzNotAParameter';

/**
 * An unknown query parameter is a 400 naming it, on every route: walks every GET of the OpenAPI
 * document, so a route added later without @QueryParams is covered the day it appears. The
 * parameters a route documents are exactly the ones it accepts (the console generates its client
 * from this document).
 */
describe('query parameters', () => {
  let t: TestApp;
  let key: string;
  let doc: OpenApiDocument;
  let gets: Array<[string, OpenApiParameter[]]>;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    doc = (await t.api('GET', '/docs-json')).body;
    gets = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([path, ops]) => [path, ops.get.parameters ?? []]);
  });

  afterAll(() => t?.close());

  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

  it('finds the GET routes in the document', () => {
    const paths = gets.map(([p]) => p);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/contacts',
        '/v1/surveys',
        '/v1/campaigns',
        '/v1/contacts/{id}/decisions',
        '/v1/scores',
        '/health/ready',
      ]),
    );
  });

  it('answers an unknown parameter on every GET route with 400 naming it, before the route runs', async () => {
    const wrong: string[] = [];
    for (const [path] of gets) {
      const res = await t.api('GET', `${concrete(path)}?${UNKNOWN}=1`, { key });
      const named = (res.body?.errors ?? []).map((e: { path: string }) => e.path);
      if (res.status !== 400 || !named.includes(UNKNOWN)) wrong.push(`${path}: ${res.status} ${JSON.stringify(named)}`);
      else expectProblem(res, 400, [UNKNOWN]);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts every parameter a route documents: only the unknown one is named', async () => {
    const wrong: string[] = [];
    for (const [path, parameters] of gets) {
      const documented = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const query = new URLSearchParams([...documented.map((n) => [n, 'x'] as [string, string]), [UNKNOWN, '1']]);
      const res = await t.api('GET', `${concrete(path)}?${query}`, { key });
      const named = (res.body?.errors ?? []).map((e: { path: string }) => e.path);
      if (res.status !== 400 || JSON.stringify(named) !== JSON.stringify([UNKNOWN]))
        wrong.push(`${path} [${documented.join(',')}]: ${res.status} ${JSON.stringify(named)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('documents the paging parameters of every list', () => {
    for (const path of [
      '/v1/contacts',
      '/v1/surveys',
      '/v1/campaigns',
      '/v1/invitations',
      '/v1/api-keys',
      '/v1/users',
      '/v1/audit-log',
      '/v1/webhook-endpoints',
      '/v1/webhook-endpoints/{id}/deliveries',
      '/v1/responses',
      '/v1/alerts',
      '/v1/text/search',
      '/v1/contacts/{id}/decisions',
    ]) {
      const names = (doc.paths[path].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect({ path, names }).toEqual({ path, names: expect.arrayContaining(['limit', 'cursor']) });
    }
  });

  it('says what a route takes, and the scores filters stay open to properties.<key> and contact.<key>', async () => {
    const res = await t.api('GET', '/v1/surveys?campaign_id=x', { key });
    expectProblem(res, 400, ['campaign_id']);
    expect(res.body.errors[0].message).toBe('Unknown parameter; this route takes limit, cursor');
    const none = await t.api('GET', `/v1/invitations/${randomUUID()}?expand=all`, { key });
    expect(none.body.errors[0].message).toBe('Unknown parameter; this route takes no query parameters');
    expect((await t.api('GET', '/v1/scores?properties.team=billing&contact.tier=gold', { key })).status).toBe(200);
    expectProblem(await t.api('GET', '/v1/scores?team=billing', { key }), 400, ['team']);
  });

  it('checks POST routes too', async () => {
    expectProblem(await t.api('POST', `/v1/events?${UNKNOWN}=1`, { key, body: {} }), 400, [UNKNOWN]);
  });

  it('still answers 401 first when the key is missing', async () => {
    expectProblem(await t.api('GET', `/v1/contacts?${UNKNOWN}=1`), 401);
  });

  it('lets the pages a customer opens from a message take any parameter (trackers add utm_*)', async () => {
    const page = await fetch(`${t.baseUrl}/s/no-such-token?utm_source=newsletter&fbclid=abc`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const signIn = await fetch(`${t.baseUrl}/auth/sign-in?utm_source=newsletter`);
    expect(signIn.status).toBe(200);
    const link = await fetch(`${t.baseUrl}/auth/callback?token=nope&utm_source=newsletter`, { redirect: 'manual' });
    expect(link.headers.get('content-type')).toContain('text/html');
  });
});
