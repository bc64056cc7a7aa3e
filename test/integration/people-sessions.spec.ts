import { ManualClock } from '../../src/common/clock';
import {
  addUser,
  asSession,
  openLink,
  outboxMark,
  outboxSignInMail,
  requestLink,
  sessionFromLink,
  signIn,
} from '../support/people';
import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

const MINUTE = 60_000;

/**
 * Sign-in links, sessions and CSRF with zero email config: links land in the dev outbox, and the
 * app's clock is moved by hand to expire links and sessions instead of waiting for them.
 */
describe('sign-in links and sessions', () => {
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp(
      { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2', SIGN_IN_LIMIT_PER_ADDRESS: '1000' },
      clock,
    );
    key = (await t.workspace('Acme')).apiKey;
    await addUser(t, key, { email: 'olga@acme.fi', role: 'owner' });
    await addUser(t, key, { email: 'aino@acme.fi', role: 'admin', locale: 'fi' });
  });

  afterAll(() => t?.close());

  it('signs in through the link in the dev outbox: HttpOnly, SameSite=Lax cookie, then /app', async () => {
    const mark = await outboxMark(t);
    const asked = await t.api('POST', '/auth/sign-in', { body: { email: ' Olga@Acme.fi ' } });
    expect(asked.status).toBe(202);
    const mail = await outboxSignInMail(t, 'olga@acme.fi', mark);
    expect(mail.subject).toBe('Your sign-in link – Palaute');
    expect(mail.text).toContain('It works once, for 15 minutes.');
    expect(mail.tokens).toHaveLength(1);

    // Only the token's SHA-256 is stored.
    const stored = await t.db.query(`SELECT token_hash FROM sign_in_tokens ORDER BY created_at DESC LIMIT 1`);
    const { createHash } = await import('node:crypto');
    expect(stored[0].token_hash).toBe(createHash('sha256').update(mail.tokens[0]).digest('hex'));
    expect(JSON.stringify(await t.db.query(`SELECT * FROM sign_in_tokens`))).not.toContain(mail.tokens[0]);

    const opened = await openLink(t, mail.tokens[0]);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/app');
    const cookie = opened.setCookie.find((c) => c.startsWith('palaute_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);

    const me = await t.api('GET', '/v1/me', { headers: { cookie: cookie.split(';')[0] } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: 'olga@acme.fi', role: 'owner' },
      workspace: { name: 'Acme' },
      apiKey: null,
      role: 'owner',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(me.body.permissions).toEqual(expect.arrayContaining(['campaigns:write', 'users:owners']));
  });

  it('uses nothing when a link is only opened, as mail scanners open every link: the button signs in', async () => {
    const token = await requestLink(t, 'aino@acme.fi');
    for (let i = 0; i < 3; i++) {
      const scanned = await fetch(`${t.baseUrl}/auth/callback?token=${token}`, { redirect: 'manual' });
      expect(scanned.status).toBe(200);
      expect(scanned.headers.getSetCookie()).toEqual([]);
      // Its one form may post back to us; nothing on it may run.
      expect(scanned.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'/);
      const page = await scanned.text();
      expect(page).toContain('Olet kirjautumassa osoitteella aino@acme.fi.');
      expect(page).toMatch(/<form method="post" action="\/auth\/callback">/);
    }
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(token).digest('hex');
    const [link] = await t.db.query(`SELECT used_at FROM sign_in_tokens WHERE token_hash = $1`, [hash]);
    expect(link.used_at).toBeNull();
    const pressed = await openLink(t, token);
    expect({ status: pressed.status, location: pressed.location }).toEqual({ status: 303, location: '/app' });
    expect(pressed.setCookie.some((c) => c.startsWith('palaute_session='))).toBe(true);
  });

  it('refuses a reused link with a page saying so and how to get a new one', async () => {
    const token = await requestLink(t, 'olga@acme.fi');
    await sessionFromLink(t, token);
    const again = await openLink(t, token);
    expect(again.status).toBe(410);
    expect(again.setCookie).toEqual([]);
    expect(again.html).toContain('This sign-in link has already been used');
    expect(again.html).toContain('href="/auth/sign-in"');
  });

  it('refuses a link after 15 minutes, in the person’s own language', async () => {
    const token = await requestLink(t, 'aino@acme.fi');
    clock.advance(15 * MINUTE + 1000);
    const late = await openLink(t, token, { 'accept-language': 'en' });
    expect(late.status).toBe(410);
    expect(late.html).toContain('<html lang="fi">');
    expect(late.html).toContain('Tämä kirjautumislinkki on vanhentunut');
    expect(late.html).toContain('Pyydä uusi linkki');
  });

  it('answers a link nobody issued with a 400 page in the browser’s language', async () => {
    const page = await openLink(t, 'x'.repeat(43), { 'accept-language': 'sv-FI,sv;q=0.9' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('Inloggningslänken är ogiltig');
    expect((await openLink(t, 'short')).status).toBe(400);
  });

  it('ends a session left idle longer than SESSION_IDLE_MINUTES', async () => {
    const session = await signIn(t, 'olga@acme.fi');
    clock.advance(29 * MINUTE);
    expect((await asSession(t, session, 'GET', '/v1/me')).status).toBe(200);
    clock.advance(29 * MINUTE); // 58 minutes after sign-in, but only 29 since the last use
    expect((await asSession(t, session, 'GET', '/v1/me')).status).toBe(200);
    clock.advance(31 * MINUTE);
    expectProblem(await asSession(t, session, 'GET', '/v1/me'), 401);
  });

  it('ends a busy session at SESSION_ABSOLUTE_HOURS all the same', async () => {
    const session = await signIn(t, 'olga@acme.fi');
    for (let used = 0; used < 4; used++) {
      clock.advance(25 * MINUTE);
      expect((await asSession(t, session, 'GET', '/v1/surveys')).status).toBe(200);
    }
    clock.advance(25 * MINUTE); // 125 minutes after sign-in
    expectProblem(await asSession(t, session, 'GET', '/v1/surveys'), 401);
  });

  it('signs out one session, or every session of the person', async () => {
    const laptop = await signIn(t, 'olga@acme.fi');
    const phone = await signIn(t, 'olga@acme.fi');
    const tablet = await signIn(t, 'olga@acme.fi');

    expectProblem(await asSession(t, laptop, 'POST', '/auth/sign-out', { csrf: false }), 403);
    const out = await asSession(t, laptop, 'POST', '/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/palaute_session=;/);
    expectProblem(await asSession(t, laptop, 'GET', '/v1/me'), 401);
    expect((await asSession(t, phone, 'GET', '/v1/me')).status).toBe(200);

    const everywhere = await asSession(t, phone, 'POST', '/auth/sign-out-everywhere');
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expectProblem(await asSession(t, phone, 'GET', '/v1/me'), 401);
    expectProblem(await asSession(t, tablet, 'GET', '/v1/me'), 401);
    expect(await t.api('POST', '/auth/sign-out', { key })).toMatchObject({ status: 400 });
  });

  it('changes nothing on a cross-site POST that carries the cookie but no CSRF token', async () => {
    const session = await signIn(t, 'olga@acme.fi');
    const before = (await t.api('GET', '/v1/settings/workspace', { key })).body;
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

    for (const csrf of [
      undefined,
      'not-the-token',
      session.csrf.slice(0, -1) + (session.csrf.endsWith('A') ? 'B' : 'A'),
    ]) {
      const res = await t.api('PATCH', '/v1/settings/workspace', {
        body: { displayName: 'Pwned' },
        headers: { cookie: session.cookie, ...crossSite, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
      expectProblem(res, 403);
    }
    const form = await fetch(`${t.baseUrl}/v1/users`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...crossSite },
      body: 'email=attacker%40evil.example&role=owner',
    });
    expect(form.status).toBe(403);
    expect((await t.api('GET', '/v1/settings/workspace', { key })).body).toEqual(before);
    const users = (await t.api('GET', '/v1/users', { key })).body.data.map((u: { email: string }) => u.email);
    expect(users).not.toContain('attacker@evil.example');

    const own = await asSession(t, session, 'PATCH', '/v1/settings/workspace', { body: { displayName: 'Acme Oy' } });
    expect(own.status).toBe(200);
    expect(own.body.displayName).toBe('Acme Oy');
  });

  it('lets API keys change things without a CSRF token, and prefers the key when both are sent', async () => {
    const session = await signIn(t, 'olga@acme.fi');
    const res = await t.api('PUT', '/v1/settings/survey-fatigue', {
      key,
      body: { days: 7 },
      headers: { cookie: session.cookie },
    });
    expect(res.status).toBe(200);
    const me = await t.api('GET', '/v1/me', { key });
    expect(me.body).toMatchObject({ user: null, role: 'key:admin', csrfToken: null });
  });

  it('ends the sessions of a removed user at once', async () => {
    const id = await addUser(t, key, { email: 'temp@acme.fi', role: 'analyst' });
    const session = await signIn(t, 'temp@acme.fi');
    expect((await asSession(t, session, 'GET', '/v1/surveys')).status).toBe(200);
    expect((await t.api('DELETE', `/v1/users/${id}`, { key })).status).toBe(204);
    expectProblem(await asSession(t, session, 'GET', '/v1/surveys'), 401);
    expect(
      await t.db.query(`SELECT 1 FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.id = $1`, [id]),
    ).toEqual([]);
  });
});
