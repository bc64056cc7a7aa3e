import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signing and verification per the Standard Webhooks specification v1.0.0
 * (https://www.standardwebhooks.com, spec/standard-webhooks.md in
 * github.com/standard-webhooks/standard-webhooks). Symmetric (`v1`, HMAC-SHA256) only; the
 * asymmetric `v1a` scheme is left out until a customer asks for it.
 */

export const SECRET_PREFIX = 'whsec_';
export const MESSAGE_ID_PREFIX = 'msg_';

/** The spec asks for at least 24 random bytes; 32 matches the HMAC-SHA256 block of security. */
export const SECRET_BYTES = 32;
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

/** Receivers should refuse older or newer timestamps to stop replays (the spec's 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** Header names exactly as the spec spells them (lower case, as Node exposes them). */
export const HEADER_ID = 'webhook-id';
export const HEADER_TIMESTAMP = 'webhook-timestamp';
export const HEADER_SIGNATURE = 'webhook-signature';

// A type alias rather than an interface so it is assignable to plain header records.
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A fresh endpoint secret, shown to the user once and stored sealed. */
export function generateWebhookSecret(random: (size: number) => Buffer = randomBytes): string {
  return SECRET_PREFIX + random(SECRET_BYTES).toString('base64');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The key bytes of a `whsec_` secret. Throws on anything else: Buffer.from(…, 'base64') silently
 * skips bad characters, which would turn a typo into a weaker key instead of an error.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error(`webhook secret must start with ${SECRET_PREFIX}`);
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) throw new Error('webhook secret is not valid base64');
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new Error(`webhook secret must decode to ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

/** A random message id; the same id must be reused for every retry of the message. */
export function generateMessageId(random: (size: number) => Buffer = randomBytes): string {
  return MESSAGE_ID_PREFIX + random(16).toString('base64url');
}

/**
 * A message id derived from a stable key (e.g. `alert.created:<alertId>`), so enqueuing the same
 * event twice yields the same id and receivers' idempotency check catches the duplicate.
 */
export function messageIdFor(key: string): string {
  return MESSAGE_ID_PREFIX + createHash('sha256').update(key).digest('base64url').slice(0, 27);
}

/** Integer seconds since the epoch, the only timestamp form the spec allows in headers. */
export function toUnixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

// The id and timestamp are joined with '.', so a '.' inside them would let two different
// (id, timestamp, body) triples sign the same bytes; the spec forbids it.
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,255}$/;

function signedBytes(id: string, timestamp: number, body: string | Uint8Array): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), bodyBytes]);
}

function hmac(key: Buffer, bytes: Buffer): Buffer {
  return createHmac('sha256', key).update(bytes).digest();
}

export interface SignInput {
  id: string;
  /** Seconds since the epoch, of this attempt (not of the event): it changes on every retry. */
  timestamp: number;
  /** Exactly the bytes that go on the wire; re-serialising JSON after signing breaks the signature. */
  body: string | Uint8Array;
  /** Every active secret; two during rotation, newest first. */
  secrets: readonly string[];
}

/** The `webhook-signature` value: one `v1,<base64>` entry per secret, space separated. */
export function signWebhook(input: SignInput): string {
  if (!MESSAGE_ID.test(input.id)) throw new Error('webhook id must be 1–255 characters of [A-Za-z0-9_-]');
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0)
    throw new Error('webhook timestamp must be integer seconds');
  if (input.secrets.length === 0) throw new Error('at least one webhook secret is required');
  const bytes = signedBytes(input.id, input.timestamp, input.body);
  return input.secrets.map((secret) => `v1,${hmac(decodeWebhookSecret(secret), bytes).toString('base64')}`).join(' ');
}

/** The three headers to add to the POST (plus `content-type: application/json`). */
export function buildWebhookHeaders(input: SignInput): WebhookHeaders {
  return {
    [HEADER_ID]: input.id,
    [HEADER_TIMESTAMP]: String(input.timestamp),
    [HEADER_SIGNATURE]: signWebhook(input),
  };
}

export type VerifyFailure =
  'missing_headers' | 'invalid_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'no_matching_signature';

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  body: string | Uint8Array;
  /** Node's IncomingHttpHeaders works as is; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** Any of these may have signed the message (rotation). */
  secrets: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}

function header(headers: VerifyInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

/**
 * Checks a delivery the way a receiver should: timestamp within tolerance, then any `v1`
 * signature matching any secret, compared in constant time so a receiver is not a signing oracle.
 */
export function verifyWebhook(input: VerifyInput): VerifyResult {
  const id = header(input.headers, HEADER_ID);
  const rawTimestamp = header(input.headers, HEADER_TIMESTAMP);
  const signatures = header(input.headers, HEADER_SIGNATURE);
  if (!id || !rawTimestamp || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(rawTimestamp.trim())) return { ok: false, reason: 'invalid_timestamp' };
  const timestamp = Number(rawTimestamp.trim());
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = toUnixSeconds(input.now);
  if (now - timestamp > tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (timestamp - now > tolerance) return { ok: false, reason: 'timestamp_too_new' };

  const bytes = signedBytes(id, timestamp, input.body);
  const expected = input.secrets.map((secret) => hmac(decodeWebhookSecret(secret), bytes));
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || !encoded || !BASE64.test(encoded)) continue;
    const candidate = Buffer.from(encoded, 'base64');
    for (const digest of expected) {
      // No early return: every pair is compared so timing does not tell which entry matched.
      if (candidate.length === digest.length && timingSafeEqual(candidate, digest)) matched = true;
    }
  }
  return matched ? { ok: true, id, timestamp } : { ok: false, reason: 'no_matching_signature' };
}
