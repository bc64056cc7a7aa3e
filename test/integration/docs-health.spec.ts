import { supportSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

type Operation = {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  security?: Array<Record<string, unknown>>;
};

/** Every admin and ingest route, as OpenAPI names it. */
const ROUTES: Array<[method: string, path: string]> = [
  ['post', '/v1/surveys'],
  ['get', '/v1/surveys'],
  ['get', '/v1/surveys/{id}'],
  ['patch', '/v1/surveys/{id}'],
  ['delete', '/v1/surveys/{id}'],
  ['post', '/v1/campaigns'],
  ['get', '/v1/campaigns'],
  ['get', '/v1/campaigns/{id}'],
  ['patch', '/v1/campaigns/{id}'],
  ['post', '/v1/campaigns/{id}/status'],
  ['get', '/v1/campaigns/{id}/preview'],
  ['post', '/v1/events'],
  ['get', '/v1/scores'],
  ['get', '/v1/responses'],
  ['post', '/v1/api-keys'],
  ['get', '/v1/api-keys'],
  ['delete', '/v1/api-keys/{id}'],
];
const WITH_BODY = ROUTES.filter(([m]) => m === 'post' || m === 'patch');
// A 204 has no body to describe.
const WITH_RESPONSE_BODY = ROUTES.filter(([m, p]) => !(m === 'delete' && p === '/v1/surveys/{id}'));

describe('OpenAPI document, docs page and health checks', () => {
  let t: TestApp;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components?: { securitySchemes?: Record<string, unknown> };
  };
  const op = (method: string, path: string) => doc.paths[path]?.[method];
  const successCodes = (o: Operation) => Object.keys(o.responses ?? {}).filter((code) => /^2\d\d$/.test(code));

  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.baseUrl}/docs-json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = (await res.json()) as typeof doc;
  });

  afterAll(() => t?.close());

  it('is an OpenAPI 3 document with bearer auth declared', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each(ROUTES)('documents %s %s behind the bearer key', (method, path) => {
    const o = op(method, path);
    expect(o).toBeDefined();
    expect(o!.security).toEqual(expect.arrayContaining([{ apiKey: [] }]));
    expect(successCodes(o!)).toHaveLength(1);
  });

  it.each(WITH_BODY)('gives %s %s a JSON request body schema', (method, path) => {
    const schema = op(method, path)?.requestBody?.content?.['application/json']?.schema;
    expect(schema).toMatchObject({ type: 'object', properties: expect.any(Object) });
  });

  it.each(WITH_RESPONSE_BODY)('gives %s %s a JSON schema for its 2xx response', (method, path) => {
    const o = op(method, path)!;
    const [code] = successCodes(o);
    expect(o.responses![code].content?.['application/json']?.schema).toMatchObject({ type: 'object' });
  });

  it('names the required fields of the main request bodies', () => {
    const required = (method: string, path: string) =>
      op(method, path)?.requestBody?.content?.['application/json']?.schema?.required;
    expect(required('post', '/v1/surveys')).toEqual(expect.arrayContaining(['name', 'defaultLocale', 'questions']));
    expect(required('post', '/v1/campaigns')).toEqual(expect.arrayContaining(['name', 'surveyId', 'trigger']));
    expect(required('post', '/v1/events')).toEqual(expect.arrayContaining(['type', 'contact']));
    expect(required('post', '/v1/campaigns/{id}/status')).toEqual(['status']);
  });

  it('leaves the respondent pages and dev outbox out of the API document', () => {
    expect(Object.keys(doc.paths).filter((p) => /^\/(s|u|dev)\//.test(p))).toEqual([]);
  });

  describe('documented success codes are the ones the server sends', () => {
    let key: string;
    const ids = { survey: '', campaign: '', spareSurvey: '' };

    beforeAll(async () => {
      key = (await t.workspace()).apiKey;
      ids.survey = (await t.api('POST', '/v1/surveys', { key, body: supportSurvey })).body.id;
      ids.spareSurvey = (await t.api('POST', '/v1/surveys', { key, body: supportSurvey })).body.id;
      ids.campaign = (
        await t.api('POST', '/v1/campaigns', {
          key,
          body: { name: 'Docs', surveyId: ids.survey, trigger: { eventType: 'ticket.closed' } },
        })
      ).body.id;
    });

    it.each<[string, string, () => unknown]>([
      ['post', '/v1/surveys', () => supportSurvey],
      [
        'post',
        '/v1/campaigns',
        () => ({ name: 'Docs 2', surveyId: ids.survey, trigger: { eventType: 'ticket.closed' } }),
      ],
      ['post', '/v1/campaigns/{id}/status', () => ({ status: 'active' })],
      ['patch', '/v1/campaigns/{id}', () => ({ name: 'Docs, renamed' })],
      ['post', '/v1/events', () => ticketClosed('docs')],
      ['post', '/v1/api-keys', () => ({ name: 'docs', scope: 'ingest' })],
      ['delete', '/v1/surveys/{id}', () => undefined],
    ])('%s %s', async (method, path, body) => {
      const id = path.startsWith('/v1/campaigns/') ? ids.campaign : ids.spareSurvey;
      const res = await t.api(method.toUpperCase(), path.replace('{id}', id), { key, body: body() });
      expect(res.status).toBeLessThan(300);
      const [documented] = successCodes(op(method, path)!);
      expect(String(res.status)).toBe(documented);
    });
  });

  it('serves the browsable docs as HTML, with its assets', async () => {
    const res = await fetch(`${t.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('swagger-ui');
    const assets = [...html.matchAll(/(?:src|href)="(\.\/docs\/[^"]+\.(?:js|css))"/g)].map(
      (m) => new URL(m[1], `${t.baseUrl}/docs`).href,
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect({ asset, status: (await fetch(asset)).status }).toEqual({ asset, status: 200 });
  });

  it('answers /health/live with 200, without an API key', async () => {
    const res = await t.api('GET', '/health/live');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /health/ready with 200, postgres and redis up and no queue stuck', async () => {
    const res = await t.api('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up', queues: 'ok' } });
  });
});
