import { createHash } from 'node:crypto';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/** A Content-Security-Policy header as directive → values. */
function csp(headers: Headers): Map<string, string[]> {
  return new Map(
    (headers.get('content-security-policy') ?? '')
      .split(';')
      .filter((d) => d.trim())
      .map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('security headers and request ids', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_SURVEY_PAGE_PER_MINUTE: '2' });
    key = (await t.workspace()).apiKey;
  });

  afterAll(() => t?.close());

  it('puts the usual headers and a deny-all policy on API answers', async () => {
    const res = await t.api('GET', '/v1/surveys', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    const policy = csp(res.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('serves the survey page under a policy that names its one stylesheet by hash and allows no script', async () => {
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'CSP', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    await t.api('POST', '/v1/events', { key, body: ticketClosed('csp') });
    const [{ token }] = await eventually(async () => {
      const rows = await t.db.query(`SELECT token FROM invitations WHERE status = 'sent'`);
      return rows.length ? rows : null;
    });

    const res = await fetch(`${t.baseUrl}/s/${token}`, { headers: { 'x-forwarded-for': '203.0.113.50' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const policy = csp(res.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.has('script-src')).toBe(false);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    expect(policy.get('style-src')).toEqual([`'sha256-${createHash('sha256').update(styles[0]).digest('base64')}'`]);
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives the console prefix and the docs their own policies', async () => {
    const app = await fetch(`${t.baseUrl}/app`);
    expect(csp(app.headers).get('script-src')).toEqual(["'self'"]);
    expect(csp(app.headers).get('frame-ancestors')).toEqual(["'none'"]);
    const docs = await fetch(`${t.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(csp(docs.headers).get('script-src')).toEqual(["'self'"]);
    // Swagger UI's page links its scripts as files; none of them is inline.
    expect(await docs.text()).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it("echoes a caller's sane x-request-id and replaces anything else, on every kind of answer", async () => {
    const ok = await t.api('GET', '/v1/surveys', { key, headers: { 'x-request-id': 'crm-call.42' } });
    expect(ok.headers.get('x-request-id')).toBe('crm-call.42');
    const bad = await t.api('GET', '/v1/surveys', { key, headers: { 'x-request-id': 'has spaces and ünicode' } });
    expect(bad.headers.get('x-request-id')).toMatch(UUID);
    const unauthorized = await t.api('GET', '/v1/surveys', { headers: { 'x-request-id': 'no-key-1' } });
    expect(unauthorized).toMatchObject({ status: 401 });
    expect(unauthorized.headers.get('x-request-id')).toBe('no-key-1');
    const unknown = await t.api('GET', '/nowhere', { headers: { 'x-request-id': 'lost-1' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-request-id')).toBe('lost-1');
    const malformed = await t.api('POST', '/v1/events', {
      key,
      body: '{"type":',
      headers: { 'x-request-id': 'broken-1' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-request-id')).toBe('broken-1');
    const twilio = await fetch(`${t.baseUrl}/webhooks/twilio/not-a-workspace/sms`, {
      method: 'POST',
      headers: { 'x-request-id': 'twilio-1' },
    });
    expect(twilio.headers.get('x-request-id')).toBe('twilio-1');
    const fresh = await t.api('GET', '/health/live');
    expect(fresh.headers.get('x-request-id')).toMatch(UUID);
  });

  it('behind a trusted proxy (loopback by default), counts each forwarded client in its own bucket', async () => {
    const page = (client: string) =>
      fetch(`${t.baseUrl}/s/nothing-here`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    expect([await page('198.51.100.1'), await page('198.51.100.1'), await page('198.51.100.1')]).toEqual([
      404, 404, 429,
    ]);
    // A client that writes an address in front of the one our proxy appended is still itself.
    expect(await page('192.0.2.99, 198.51.100.1')).toBe(429);
    expect(await page('198.51.100.2')).toBe(404);
  });
});

describe('HSTS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api', PUBLIC_BASE_URL: 'https://surveys.example.com' });
  });

  afterAll(() => t?.close());

  it('is sent when the service is reached over https, for this host only', async () => {
    const res = await fetch(`${t.baseUrl}/health/live`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
