import { eventually, TestApp } from './test-app';

/** A signed-in person as the browser holds them: the session cookie and the CSRF token from /v1/me. */
export interface Session {
  cookie: string;
  csrf: string;
}

export const LINK = /\/auth\/callback\?token=([A-Za-z0-9_-]{43})/g;

/** The links in a sign-in or invitation email's text, in order. */
export const linksIn = (text: string) => [...text.matchAll(LINK)].map((m) => m[1]);

/** The newest dev-outbox row id, so a later wait only sees what arrived after it. */
export async function outboxMark(t: TestApp): Promise<number> {
  const [{ id }] = await t.db.query(`SELECT COALESCE(max(id), 0)::int AS id FROM dev_outbox`);
  return id;
}

/** The sign-in email to an address that lands in the dev outbox after `mark` (polls; the send runs in the background). */
export async function outboxSignInMail(
  t: TestApp,
  email: string,
  mark: number,
): Promise<{ subject: string; text: string; html: string; tokens: string[] }> {
  const [row] = await eventually(() =>
    t.db
      .query(
        `SELECT subject, text, html FROM dev_outbox WHERE to_address = $1 AND headers ? 'X-Palaute-Sign-In' AND id > $2 ORDER BY id DESC LIMIT 1`,
        [email, mark],
      )
      .then((rows) => (rows.length ? rows : null)),
  );
  return { subject: row.subject, text: row.text, html: row.html, tokens: linksIn(row.text) };
}

/** Asks for a sign-in link the way the console does and returns the token from the email. */
export async function requestLink(t: TestApp, email: string, headers: Record<string, string> = {}): Promise<string> {
  const mark = await outboxMark(t);
  const res = await t.api('POST', '/auth/sign-in', { body: { email }, headers });
  expect(res.status).toBe(202);
  const mail = await outboxSignInMail(t, email, mark);
  return mail.tokens[0];
}

/**
 * Opens a link as a person does: the GET shows a page with one button (opening alone uses
 * nothing), and pressing it posts the token. The raw answer of that POST, or of the GET when it
 * refuses the link, without following the redirect: status, Set-Cookie and page.
 */
export async function openLink(
  t: TestApp,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | null; setCookie: string[]; html: string }> {
  const opened = await fetch(`${t.baseUrl}/auth/callback?token=${token}`, { redirect: 'manual', headers });
  const page = await opened.text();
  const answer = (res: Response, html: string) => ({
    status: res.status,
    location: res.headers.get('location'),
    setCookie: res.headers.getSetCookie(),
    html,
  });
  if (opened.status !== 200) return answer(opened, page);
  const pressed = await fetch(`${t.baseUrl}/auth/callback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return answer(pressed, await pressed.text());
}

/** Uses a link and reads the CSRF token, as the console does after the redirect. */
export async function sessionFromLink(t: TestApp, token: string): Promise<Session> {
  const opened = await openLink(t, token);
  expect({ status: opened.status, location: opened.location }).toEqual({ status: 303, location: '/app' });
  const cookie = opened.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('palaute_session='));
  expect(cookie).toBeDefined();
  const me = await t.api('GET', '/v1/me', { headers: { cookie: cookie! } });
  expect(me.status).toBe(200);
  return { cookie: cookie!, csrf: me.body.csrfToken };
}

export async function signIn(t: TestApp, email: string): Promise<Session> {
  return sessionFromLink(t, await requestLink(t, email));
}

/** A request with the session cookie and, unless told otherwise, the CSRF header. */
export function asSession(
  t: TestApp,
  session: Session,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
) {
  const headers: Record<string, string> = { cookie: session.cookie, ...options.headers };
  if (options.csrf !== false) headers['x-csrf-token'] = session.csrf;
  return t.api(method, path, { body: options.body, headers });
}

/** Invites a user with an API key, without the invitation email (the test signs them in by asking for a link). */
export async function addUser(
  t: TestApp,
  key: string,
  user: { email: string; role: string; team?: string; agentId?: string; locale?: string },
): Promise<string> {
  const res = await t.api('POST', '/v1/users', { key, body: { ...user, sendInvitation: false } });
  expect(res.status).toBe(201);
  return res.body.id;
}
