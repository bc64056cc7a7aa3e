import http from 'node:http';

import type { Client } from 'pg';

import { sleep } from './children';
import { apiClient } from './palaute';

/** A signed-in person as the browser holds them: the session cookie and the CSRF token from GET /v1/me. */
export interface ConsoleSession {
  email: string;
  cookieValue: string;
  csrf: string;
}

const LINK = /\/auth\/callback\?token=([A-Za-z0-9_-]{43})/;

/**
 * Invites `email` as an analyst with the admin key (the invitation email carries a sign-in link),
 * reads the link from the dev outbox (SMTP_URL unset) as test/support/people.ts does, and opens
 * it: the session cookie the console runs on.
 */
export async function signInThroughOutbox(
  baseUrl: string,
  apiKey: string,
  db: Client,
  email: string,
): Promise<ConsoleSession> {
  await apiClient(baseUrl, apiKey)('POST', '/v1/users', { email, role: 'analyst', name: 'Bench Lead' });
  let token: string | undefined;
  for (const deadline = Date.now() + 30_000; !token && Date.now() < deadline; await sleep(100)) {
    const { rows } = await db.query(
      `SELECT text FROM dev_outbox WHERE to_address = $1 AND headers ? 'X-Palaute-Sign-In' ORDER BY id DESC LIMIT 1`,
      [email],
    );
    token = rows.length ? LINK.exec(rows[0].text as string)?.[1] : undefined;
  }
  if (!token) throw new Error(`no sign-in link for ${email} reached the dev outbox within 30 s`);
  const opened = await fetch(`${baseUrl}/auth/callback?token=${token}`, { redirect: 'manual' });
  const cookie = opened.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('palaute_session='));
  if (opened.status !== 303 || !cookie) throw new Error(`the sign-in link answered ${opened.status} without a session`);
  const me = await fetch(`${baseUrl}/v1/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`GET /v1/me with the new session answered ${me.status}`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { email, cookieValue: cookie.slice('palaute_session='.length), csrf: csrfToken };
}

/** One API call as the console makes it. */
export interface ConsoleCall {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
}

/**
 * Requests over keep-alive sockets, at most six at a time to the origin: what Chromium allows per
 * host over HTTP/1.1, so calls issued together queue here as they do in the browser.
 */
export function browserLikeClient(baseUrl: string, session: ConsoleSession) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const origin = new URL(baseUrl);
  const request = (call: ConsoleCall): Promise<Timed> =>
    new Promise((resolve, reject) => {
      const body = call.body === undefined ? undefined : JSON.stringify(call.body);
      const started = performance.now();
      const req = http.request(
        {
          host: origin.hostname,
          port: origin.port,
          path: call.path,
          method: call.method,
          agent,
          headers: {
            accept: 'application/json',
            cookie: `palaute_session=${session.cookieValue}`,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'x-csrf-token': session.csrf, origin: baseUrl }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, bytes: text.length, body: text });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

/** Nearest-rank percentile (with fewer than 100 samples, p99 is the slowest). */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))];
}
