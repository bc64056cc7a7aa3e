import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { linksIn, openLink } from '../support/people';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

const run = promisify(execFile);
const CLI = path.join(__dirname, '../../bin/palaute.js');

/**
 * Invitations and sign-in links over real SMTP (SMTP_URL set, an smtp-server inside the test),
 * behind an https PUBLIC_BASE_URL; the per-address and per-IP limits; and the CLI invite.
 */
describe('invitations and sign-in over SMTP', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let key: string;
  let workspaceId: string;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://cx.acme.example',
      SIGN_IN_LIMIT_PER_ADDRESS: '3',
      SIGN_IN_LIMIT_PER_IP: '5',
    });
    ({ apiKey: key, workspaceId } = await t.workspace('Acme'));
  });

  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));
  /** The mail to `address` after the first `seen` (polls: sign-in links are sent in the background). */
  const nextMailTo = (address: string, seen: number) => eventually(async () => mailsTo(address)[seen], 20000);
  let ip = 0;
  const fromNewIp = () => ({ 'x-forwarded-for': `198.51.100.${++ip}` });

  it('invites by API: the invitee gets a link by email that signs them in, with a Secure cookie', async () => {
    const res = await t.api('POST', '/v1/users', {
      key,
      body: { email: 'Anna@Acme.fi', role: 'agent', team: 'billing', agentId: 'A-17', locale: 'sv' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      email: 'anna@acme.fi',
      role: 'agent',
      team: 'billing',
      agentId: 'A-17',
      status: 'invited',
      invitationSent: true,
    });
    const mail = await nextMailTo('anna@acme.fi', 0);
    expect(mail.parsed.subject).toBe('Inbjudan till Acme – Palaute');
    expect(mail.parsed.text).toContain('Länken fungerar en gång, i 72 timmar.');
    expect(mail.parsed.text).toMatch(/https:\/\/cx\.acme\.example\/auth\/callback\?token=/);
    const [token] = linksIn(mail.parsed.text ?? '');

    const opened = await openLink(t, token);
    expect(opened.status).toBe(303);
    const cookie = opened.setCookie.find((c) => c.startsWith('palaute_session='))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    const me = await t.api('GET', '/v1/me', { headers: { cookie: cookie.split(';')[0] } });
    expect(me.body.user).toMatchObject({ email: 'anna@acme.fi', role: 'agent', team: 'billing' });
    expect((await t.api('GET', `/v1/users/${res.body.id}`, { key })).body.status).toBe('active');
  });

  it('refuses a second invitation of the same address (409) and an agent without a team (422)', async () => {
    expectProblem(await t.api('POST', '/v1/users', { key, body: { email: 'anna@acme.fi', role: 'analyst' } }), 409);
    expectProblem(await t.api('POST', '/v1/users', { key, body: { email: 'x@acme.fi', role: 'agent' } }), 422, [
      'team',
    ]);
    expectProblem(await t.api('POST', '/v1/users', { key, body: { email: 'y@acme.fi', role: 'boss' } }), 422, ['role']);
  });

  it('answers 202 alike for a known and an unknown address, and sends only the known one a link', async () => {
    const seen = mailsTo('anna@acme.fi').length;
    const unknown = await t.api('POST', '/auth/sign-in', { body: { email: 'nobody@acme.fi' }, headers: fromNewIp() });
    const known = await t.api('POST', '/auth/sign-in', { body: { email: 'anna@acme.fi' }, headers: fromNewIp() });
    expect(unknown.status).toBe(202);
    expect(known).toMatchObject({ status: 202, body: unknown.body });
    const mail = await nextMailTo('anna@acme.fi', seen);
    expect(mail.parsed.subject).toBe('Din inloggningslänk – Palaute');
    expect(mail.parsed.text).toContain('i 15 minuter');
    // The unknown address was asked for first and has no user, so nothing was or will be sent to it.
    expect(mailsTo('nobody@acme.fi')).toEqual([]);
  });

  it('sends one email with a link per workspace when the address belongs to several', async () => {
    const other = await t.workspace('Beta Oy');
    await t.api('POST', '/v1/users', { key, body: { email: 'multi@acme.fi', role: 'analyst', sendInvitation: false } });
    await t.api('POST', '/v1/users', {
      key: other.apiKey,
      body: { email: 'multi@acme.fi', role: 'admin', sendInvitation: false },
    });
    expect(mailsTo('multi@acme.fi')).toEqual([]);
    await t.api('POST', '/auth/sign-in', { body: { email: 'multi@acme.fi' }, headers: fromNewIp() });
    const mail = await nextMailTo('multi@acme.fi', 0);
    expect(mail.parsed.text).toContain('Sign in: Acme');
    expect(mail.parsed.text).toContain('Sign in: Beta Oy');
    const tokens = linksIn(mail.parsed.text ?? '');
    expect(tokens).toHaveLength(2);
    const workspaces = [];
    for (const token of tokens) {
      const cookie = (await openLink(t, token)).setCookie[0].split(';')[0];
      workspaces.push((await t.api('GET', '/v1/me', { headers: { cookie } })).body.workspace.name);
    }
    expect(workspaces.sort()).toEqual(['Acme', 'Beta Oy']);
  });

  it('limits sign-in requests per address, whether or not it has an account', async () => {
    await t.api('POST', '/v1/users', { key, body: { email: 'kai@acme.fi', role: 'analyst', sendInvitation: false } });
    for (const email of ['kai@acme.fi', 'ghost@acme.fi']) {
      for (let i = 0; i < 3; i++)
        expect((await t.api('POST', '/auth/sign-in', { body: { email }, headers: fromNewIp() })).status).toBe(202);
      const limited = await t.api('POST', '/auth/sign-in', { body: { email }, headers: fromNewIp() });
      expectProblem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('limits sign-in requests per client IP across addresses', async () => {
    const ipHeader = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 5; i++)
      expect(
        (await t.api('POST', '/auth/sign-in', { body: { email: `spray${i}@acme.fi` }, headers: ipHeader })).status,
      ).toBe(202);
    expectProblem(await t.api('POST', '/auth/sign-in', { body: { email: 'spray9@acme.fi' }, headers: ipHeader }), 429);
    // A browser form gets a page rather than JSON.
    const form = await fetch(`${t.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...ipHeader },
      body: 'email=spray10%40acme.fi',
    });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('Too many attempts');
  });

  it('serves a sign-in form with a field labelled Email that posts without script', async () => {
    const page = await fetch(`${t.baseUrl}/auth/sign-in`, { headers: { 'accept-language': 'fi' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="email">Sähköposti</label>');
    expect(await (await fetch(`${t.baseUrl}/auth/sign-in`)).text()).toContain('<label for="email">Email</label>');
    const sent = await fetch(`${t.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'nb', ...fromNewIp() },
      body: 'email=someone%40acme.fi',
    });
    expect(sent.status).toBe(202);
    expect(await sent.text()).toContain('Sjekk e-posten din');
  });

  describe('npx palaute user invite', () => {
    const env = () => ({ ...process.env, DATABASE_URL: t.databaseUrl, SMTP_URL: smtp.url, LOG_LEVEL: 'silent' });

    it('invites and prints JSON with userId as its last line; the invitation arrives by SMTP', async () => {
      const { stdout } = await run(
        'node',
        [CLI, 'user', 'invite', 'eero@acme.fi', '--workspace', workspaceId, '--role', 'agent', '--team', 'support'],
        { env: env() },
      );
      const last = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(last).toMatchObject({ userId: expect.any(String), email: 'eero@acme.fi', role: 'agent', team: 'support' });
      const listed = await t.api('GET', `/v1/users/${last.userId}`, { key });
      expect(listed.body).toMatchObject({ email: 'eero@acme.fi', role: 'agent', team: 'support', status: 'invited' });
      const mail = await nextMailTo('eero@acme.fi', 0);
      expect(mail.parsed.subject).toBe('Invitation to Acme – Palaute');
      expect(linksIn(mail.parsed.text ?? '')).toHaveLength(1);
    });

    it('refuses an agent without a team and an unknown role, with exit code 2', async () => {
      for (const args of [
        ['ville@acme.fi', '--workspace', workspaceId, '--role', 'agent'],
        ['ville@acme.fi', '--workspace', workspaceId, '--role', 'boss'],
        ['ville@acme.fi', '--workspace', 'acme', '--role', 'admin'],
      ]) {
        const failed = await run('node', [CLI, 'user', 'invite', ...args], { env: env() }).catch((e) => e);
        expect(failed.code).toBe(2);
        expect(failed.stderr).toMatch(/team|role|workspace/);
      }
      expect(await t.db.query(`SELECT 1 FROM users WHERE email = 'ville@acme.fi'`)).toEqual([]);
    });
  });
});
