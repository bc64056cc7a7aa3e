import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { Reflector } from '@nestjs/core';
import Ajv from 'ajv';

import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { ManualClock } from '../../src/common/clock';
import { declaredQueryParams } from '../../src/common/query-params';
import { UNDECLARED_OPERATION_PREFIX } from '../../src/openapi';
import { QueueService } from '../../src/queue/queue.service';
import { allowsQueryToken } from '../../src/workspaces/access';
import { SECURITY_SCHEMES } from '../../src/workspaces/api-security';
import { ticketClosed } from '../support/fixtures';
import { addUser, asSession, Session, signIn } from '../support/people';
import { registeredRoutes } from '../support/registered-routes';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, postForm, waitForSent } from './api-helpers';

type Schema = Record<string, any>;
interface Operation {
  operationId: string;
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, Schema>;
  'x-permission'?: string;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Schema>>;
};

const COMMITTED = join(__dirname, '../../web/src/api');
const RUN_IT = 'The committed API description is stale: run `npm run openapi` and commit web/src/api/.';
const SAFE = ['get', 'head', 'options'];

/** OpenAPI 3.0's `nullable` as plain JSON Schema, so an independent validator (ajv) reads the document as it is. */
function jsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(jsonSchema);
  if (s === null || typeof s !== 'object') return s;
  const { nullable, ...rest } = s as Schema;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, jsonSchema(v)]));
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Where two JSON values differ, as paths (the first few), for a failure that says what changed. */
function differences(a: unknown, b: unknown, at = '', out: string[] = []): string[] {
  if (out.length >= 8 || isDeepStrictEqual(a, b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences((a as Schema)[k], (b as Schema)[k], `${at}/${k}`, out);
  } else out.push(at || '/');
  return out;
}

const SURVEY = {
  name: 'Everything scored',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
    { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
    { id: 'ease', type: 'ces', text: { en: 'Easy?' } },
    {
      id: 'via',
      type: 'single_choice',
      text: { en: 'How did you reach us?' },
      choices: [
        { id: 'chat', label: { en: 'Chat' } },
        { id: 'phone', label: { en: 'Phone' } },
      ],
    },
  ],
};

describe('the OpenAPI document the console is generated from', () => {
  // Ahead of the database's clock, so the follow-up loop finds the responses due (see alerts.spec).
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let t: TestApp;
  let doc: Document;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    doc = (await t.api('GET', '/docs-json')).body;
  });

  afterAll(() => t?.close());

  it('names every operation with a summary and a unique, readable operationId', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(70);
    const unnamed = ops.filter(({ op }) => !op.summary || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId));
    expect(unnamed.map(({ method, path, op }) => `${method} ${path}: ${op.operationId}`)).toEqual([]);
    expect(ops.some(({ op }) => op.operationId.startsWith(UNDECLARED_OPERATION_PREFIX))).toBe(false);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(doc.paths['/v1/alerts/{id}/acknowledge'].post.operationId).toBe('acknowledgeAlert');
  });

  it('lists the ways in of every route: key or session (with CSRF on changes), none on public routes', () => {
    expect(doc.components.securitySchemes).toEqual(SECURITY_SCHEMES);
    expect(doc.components.securitySchemes.session).toMatchObject({ in: 'cookie', name: 'palaute_session' });
    expect(doc.components.securitySchemes.csrf).toMatchObject({ in: 'header', name: 'x-csrf-token' });
    const wrong: string[] = [];
    for (const route of registeredRoutes(t)) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      if (!op) continue;
      const schemes = (op.security ?? []).map((r) => Object.keys(r).sort().join('+'));
      const expected =
        route.access?.kind === 'public'
          ? []
          : [
              ...(route.path.startsWith('/auth/') ? [] : ['apiKey']),
              SAFE.includes(route.method.toLowerCase()) ? 'session' : 'csrf+session',
            ];
      if (allowsQueryToken(t.app.get(Reflector), route.handler, route.controller)) expected.unshift('accessToken');
      const permission = route.access?.kind === 'permission' ? route.access.permission : undefined;
      if (!isDeepStrictEqual(schemes, expected) || op['x-permission'] !== permission)
        wrong.push(`${route.method} ${route.path}: ${schemes} ${op['x-permission']}`);
    }
    expect(wrong).toEqual([]);
    expect(operations().filter(({ path, op }) => path.startsWith('/v1/') && !op.security?.length)).toEqual([]);
  });

  it('lists exactly the query parameters each route declares', () => {
    const wrong: string[] = [];
    for (const route of registeredRoutes(t)) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const rule = declaredQueryParams(route.handler);
      if (!op || rule === 'any') continue;
      const documented = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const extra = documented.filter((n) => !rule?.names.includes(n) && !rule?.alsoAllows?.(n));
      const missing = (rule?.names ?? []).filter((n) => !documented.includes(n));
      if (extra.length || missing.length) wrong.push(`${route.method} ${route.path}: +${extra} -${missing}`);
    }
    expect(wrong).toEqual([]);
    const names = (path: string) => doc.paths[path].get.parameters!.map((p) => p.name);
    expect(names('/v1/alerts')).toEqual(
      expect.arrayContaining(['status', 'campaignId', 'team', 'assignee', 'olderThan', 'newerThan', 'limit', 'cursor']),
    );
    expect(names('/v1/text/search')).toEqual(expect.arrayContaining(['campaignId', 'from', 'to', 'language', 'q']));
    expect(names('/v1/scores')).toEqual(expect.arrayContaining(['properties.team', 'groupBy', 'interval', 'tz']));
  });

  it('has POST /v1/events take one optional idempotency-key header', () => {
    const headers = doc.paths['/v1/events'].post.parameters!.filter((p) => p.in === 'header');
    expect(headers).toEqual([expect.objectContaining({ name: 'idempotency-key', required: false })]);
  });

  it('is the document committed in web/src/api/, with schema.d.ts generated from it', () => {
    const committed = JSON.parse(readFileSync(join(COMMITTED, 'openapi.json'), 'utf8'));
    const changed = differences(doc, committed);
    if (changed.length) throw new Error(`${RUN_IT}\nDiffers at: ${changed.join(', ')}`);
    const types = execFileSync(
      process.execPath,
      [join(__dirname, '../../scripts/openapi-types.js'), join(COMMITTED, 'openapi.json')],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (types !== readFileSync(join(COMMITTED, 'schema.d.ts'), 'utf8')) throw new Error(`${RUN_IT} (schema.d.ts)`);
  });

  describe('answers as documented, checked by an independent JSON Schema validator', () => {
    let key: string;
    let session: Session;
    const ids = { campaign: '', alert: '', other: '' };
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/);
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));

    /** `res` has `status`, and its body is what the document says `method path` answers with it. */
    function expectDocumented(method: string, path: string, status: number, res: Awaited<ReturnType<TestApp['api']>>) {
      const op = doc.paths[path]?.[method.toLowerCase()];
      let response = op?.responses[String(res.status)] ?? op?.responses.default;
      expect({ path, status: res.status, documented: Boolean(response) }).toEqual({ path, status, documented: true });
      if (response!.$ref) response = doc.components.responses[response!.$ref.split('/').pop()];
      if (!response!.content) return expect({ path, body: res.body }).toEqual({ path, body: undefined });
      const type = (res.headers.get('content-type') ?? '').split(';')[0];
      const schema = response!.content[type]?.schema;
      expect({ path, type, schema: Boolean(schema) }).toEqual({ path, type, schema: true });
      const validate = ajv.compile({ ...(jsonSchema(schema) as Schema), components: jsonSchema(doc.components) });
      const ok = validate(res.body);
      expect({ path, errors: ok ? [] : validate.errors }).toEqual({ path, errors: [] });
    }

    const call = async (method: string, path: string, status: number, concrete = path, body?: unknown) =>
      expectDocumented(method, path, status, await t.api(method, concrete, { key, body }));
    const asOlga = (s: Session, method: string, path: string, options: { body?: unknown; csrf?: boolean } = {}) =>
      asSession(t, s, method, path, options);

    beforeAll(async () => {
      await t.app.get(QueueService).stopPeriodic('alerts.follow-up');
      key = (await t.workspace('Acme')).apiKey;
      const surveyId = (await t.api('POST', '/v1/surveys', { key, body: SURVEY })).body.id;
      ids.campaign = await activeCampaign(t, key, surveyId);
      const answers: Array<[string, string, Record<string, string>]> = [
        ['d1', 'billing', { q1: '2', why: 'The queue was too long.', sat: '2', ease: '3', via: 'phone', fcr: 'no' }],
        ['d2', 'support', { q1: '4', why: 'Too long a queue again.', sat: '1', ease: '2', via: 'chat', fcr: 'no' }],
        ['p1', 'billing', { q1: '10', why: 'Friendly and quick.', sat: '5', ease: '7', via: 'chat', fcr: 'yes' }],
      ];
      for (const [n, team] of answers)
        await t.api('POST', '/v1/events', { key, body: ticketClosed(n, { properties: { team, agent: 'A-1' } }) });
      const sent = await waitForSent(t, answers.length);
      for (const [n, , form] of answers) {
        const invitation = sent.find((s) => s.external_id === `cust-${n}`)!;
        expect((await postForm(t, invitation.token, { _shown: Object.keys(form).join(','), ...form })).status).toBe(
          200,
        );
      }
      const worker = t.app.get(AlertsFollowUpProcessor);
      await worker.tick();
      await worker.tick();
      const alerts = (await t.api('GET', '/v1/alerts', { key })).body.data;
      expect(alerts).toHaveLength(2);
      [ids.alert, ids.other] = alerts.map((a: { id: string }) => a.id);
      await addUser(t, key, { email: 'olga@acme.fi', role: 'owner' });
      session = await signIn(t, 'olga@acme.fi');
    });

    it.each([
      ['/v1/me'],
      ['/v1/scores'],
      ['/v1/scores', '/v1/scores?groupBy=properties.team&interval=day&tz=Europe/Helsinki'],
      ['/v1/alerts'],
      ['/v1/alerts/metrics'],
      ['/v1/responses'],
      ['/v1/text/themes'],
      ['/v1/text/search', '/v1/text/search?q=queue'],
      ['/v1/campaigns'],
      ['/v1/surveys'],
      ['/v1/users'],
      ['/v1/audit-log'],
      ['/v1/settings/alerts'],
      ['/v1/settings/scores'],
      ['/health/live'],
      ['/health/ready'],
    ])('GET %s', (path, concrete = path) => call('GET', path, 200, concrete));

    it('POST /v1/scores/compare', async () => {
      const body = { metric: 'nps', a: { where: { 'properties.team': 'billing' } }, b: {} };
      await call('POST', '/v1/scores/compare', 200, undefined, body);
      await call('POST', '/v1/scores/compare', 200, undefined, { metric: 'yes_no', a: {}, b: {} });
    });

    it('GET /v1/alerts/{id} and every workflow action on it', async () => {
      const at = (action = '') => `/v1/alerts/${ids.alert}${action}`;
      await call('GET', '/v1/alerts/{id}', 200, at());
      await call('POST', '/v1/alerts/{id}/acknowledge', 200, at('/acknowledge'), { note: 'On it' });
      await call('POST', '/v1/alerts/{id}/assign', 200, at('/assign'), { assignee: 'olga@acme.fi' });
      await call('POST', '/v1/alerts/{id}/notes', 200, at('/notes'), { note: 'Called, no answer' });
      await call('POST', '/v1/alerts/{id}/resolve', 200, at('/resolve'), { code: 'called_back' });
      await call('POST', '/v1/alerts/{id}/reopen', 200, at('/reopen'), {});
    });

    it('problems: unknown ids and filters, bad parameters and bodies, no key, a conflict, no CSRF', async () => {
      await call('GET', '/v1/alerts/{id}', 404, `/v1/alerts/${ids.campaign}`);
      await call('GET', '/v1/alerts', 404, `/v1/alerts?campaignId=${ids.alert}`);
      await call('GET', '/v1/scores', 400, '/v1/scores?nope=1');
      await call('POST', '/v1/alerts/{id}/resolve', 422, `/v1/alerts/${ids.alert}/resolve`, { code: 'nope' });
      await call('POST', '/v1/alerts/{id}/reopen', 409, `/v1/alerts/${ids.alert}/reopen`, {});
      expectDocumented('GET', '/v1/alerts', 401, await t.api('GET', '/v1/alerts'));
      const note = { body: { note: 'x' }, csrf: false };
      expectDocumented(
        'POST',
        '/v1/alerts/{id}/notes',
        403,
        await asOlga(session, 'POST', `/v1/alerts/${ids.other}/notes`, note),
      );
    });

    it('the console as a person: me, an action, sign-in, sign-out everywhere, sign-out', async () => {
      expectDocumented('GET', '/v1/me', 200, await asOlga(session, 'GET', '/v1/me'));
      const note = await asOlga(session, 'POST', `/v1/alerts/${ids.other}/notes`, { body: { note: 'Mine' } });
      expectDocumented('POST', '/v1/alerts/{id}/notes', 200, note);
      const link = await t.api('POST', '/auth/sign-in', { body: { email: 'olga@acme.fi' } });
      expectDocumented('POST', '/auth/sign-in', 202, link);
      const second = await signIn(t, 'olga@acme.fi');
      expectDocumented('POST', '/auth/sign-out', 204, await asOlga(second, 'POST', '/auth/sign-out'));
      const everywhere = await asOlga(session, 'POST', '/auth/sign-out-everywhere');
      expectDocumented('POST', '/auth/sign-out-everywhere', 200, everywhere);
      expectDocumented('POST', '/auth/sign-out', 401, await asOlga(session, 'POST', '/auth/sign-out'));
    });
  });
});
