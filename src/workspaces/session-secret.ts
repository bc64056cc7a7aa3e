import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie that carries a console session. */
export const SESSION_COOKIE = 'palaute_session';

/** The header a state-changing request made with the session cookie carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing: they need no CSRF token (every other one does, on a cookie). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A new secret for a link or a session (256 random bits, URL-safe), and the SHA-256 that is stored. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256Hex(secret) };
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Only secrets of the shape newSecret makes are looked up. */
export const isSecretShaped = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/**
 * The session's CSRF token, derived from its secret: the console reads it from GET /v1/me and
 * sends it as `x-csrf-token`; a cross-site form can send the cookie but cannot know this.
 */
export function csrfTokenOf(sessionSecret: string): string {
  return createHash('sha256').update(`palaute-csrf\0${sessionSecret}`).digest('base64url');
}

export function csrfMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4: `name=value; name2=value2`). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}

/** The Set-Cookie attributes: HttpOnly, SameSite=Lax, Path=/, and Secure when the service is served over https. */
export function sessionCookieOptions(publicBaseUrl: string, maxAgeMs: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: publicBaseUrl.startsWith('https:'),
    path: '/',
    maxAge: maxAgeMs,
  };
}
