import { createHash } from 'node:crypto';

import {
  csrfMatches,
  csrfTokenOf,
  isSecretShaped,
  newSecret,
  readCookie,
  sessionCookieOptions,
  sha256Hex,
} from './session-secret';

describe('newSecret', () => {
  it('makes 256-bit URL-safe secrets and stores only their SHA-256', () => {
    const { secret, hash } = newSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(isSecretShaped(secret)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(secret, 'utf8').digest('hex'));
    expect(sha256Hex(secret)).toBe(hash);
    expect(newSecret().secret).not.toBe(secret);
  });
});

describe('csrfTokenOf', () => {
  it('is stable for a session, differs between sessions, and does not reveal the secret', () => {
    const a = newSecret().secret;
    const b = newSecret().secret;
    expect(csrfTokenOf(a)).toBe(csrfTokenOf(a));
    expect(csrfTokenOf(a)).not.toBe(csrfTokenOf(b));
    expect(csrfTokenOf(a)).not.toContain(a);
    expect(csrfMatches(csrfTokenOf(a), csrfTokenOf(a))).toBe(true);
    expect(csrfMatches(csrfTokenOf(b), csrfTokenOf(a))).toBe(false);
    expect(csrfMatches(undefined, csrfTokenOf(a))).toBe(false);
    expect(csrfMatches('short', csrfTokenOf(a))).toBe(false);
  });
});

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('a=1; palaute_session=abc; b=2', 'palaute_session')).toBe('abc');
    expect(readCookie('palaute_session="quoted"', 'palaute_session')).toBe('quoted');
    expect(readCookie('xpalaute_session=no', 'palaute_session')).toBeUndefined();
    expect(readCookie(undefined, 'palaute_session')).toBeUndefined();
    expect(readCookie('broken; palaute_session=ok', 'palaute_session')).toBe('ok');
  });
});

describe('sessionCookieOptions', () => {
  it('is Secure only behind https', () => {
    expect(sessionCookieOptions('https://cx.acme.fi', 1000)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: 1000,
    });
    expect(sessionCookieOptions('http://localhost:3000', 1000).secure).toBe(false);
  });
});
