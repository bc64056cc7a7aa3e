import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type ApiKeyScope = 'admin' | 'ingest';
export const API_KEY_SCOPES: ApiKeyScope[] = ['admin', 'ingest'];

/**
 * Keys look like `pal_<prefix>_<secret>`. The prefix is a public lookup id; only a SHA-256 of the
 * secret is stored. A fast hash is right here: the secret is 256 random bits, so there is nothing
 * for a slow password hash to protect, and ingest checks a key on every request.
 */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `pal_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = /^pal_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** For logs: the prefix identifies the key without revealing it. */
export function redactKey(prefix: string): string {
  return `pal_${prefix}_***`;
}
