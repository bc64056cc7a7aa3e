import { Webhook } from 'standardwebhooks';

import {
  buildWebhookHeaders,
  decodeWebhookSecret,
  generateMessageId,
  generateWebhookSecret,
  messageIdFor,
  signWebhook,
  toUnixSeconds,
  verifyWebhook,
  type WebhookHeaders,
} from './standard-webhooks';

// Vector from the spec's reference libraries' test suites (same secret, id, timestamp, body).
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const NOW = new Date('2026-11-02T10:00:00Z');
const SECRET_A = generateWebhookSecret();
const SECRET_B = generateWebhookSecret();
const BODY = JSON.stringify({
  type: 'response.completed',
  timestamp: NOW.toISOString(),
  data: { responseId: 'r1', text: 'hyvä ✓' },
});

function signedHeaders(
  overrides: Partial<{ id: string; at: Date; body: string; secrets: string[] }> = {},
): WebhookHeaders {
  return buildWebhookHeaders({
    id: overrides.id ?? generateMessageId(),
    timestamp: toUnixSeconds(overrides.at ?? NOW),
    body: overrides.body ?? BODY,
    secrets: overrides.secrets ?? [SECRET_A],
  });
}

/** The official `standardwebhooks` package reads the clock itself, so time is frozen around it. */
function officialVerify(secret: string, body: string, headers: WebhookHeaders, at: Date = NOW): 'accepted' | string {
  jest.useFakeTimers({ now: at, doNotFake: ['nextTick', 'setImmediate'] });
  try {
    new Webhook(secret).verify(body, { ...headers }, { jsonParse: false });
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  } finally {
    jest.useRealTimers();
  }
}

describe('secrets and ids', () => {
  it('generates whsec_ secrets of 32 random bytes that decode and differ', () => {
    expect(SECRET_A).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(SECRET_A)).toHaveLength(32);
    expect(SECRET_A).not.toBe(SECRET_B);
  });

  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /start with whsec_/],
    ['bad base64', 'whsec_MfKQ9r8GKYqrTwjUPD8IL*ZIo2LaLaSw', /not valid base64/],
    ['too short (16 bytes)', `whsec_${Buffer.alloc(16, 1).toString('base64')}`, /24–64 bytes, got 16/],
    ['too long (65 bytes)', `whsec_${Buffer.alloc(65, 1).toString('base64')}`, /24–64 bytes, got 65/],
    ['empty', 'whsec_', /24–64 bytes, got 0/],
  ])('refuses a secret with %s', (_name, secret, message) => {
    expect(() => decodeWebhookSecret(secret)).toThrow(message);
  });

  it('generates msg_ ids with no "." and no repeats', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateMessageId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });

  it('derives the same message id from the same key, and a different one from another key', () => {
    expect(messageIdFor('alert.created:a1')).toBe(messageIdFor('alert.created:a1'));
    expect(messageIdFor('alert.created:a1')).not.toBe(messageIdFor('alert.created:a2'));
    expect(messageIdFor('x')).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('truncates timestamps to whole seconds', () => {
    expect(toUnixSeconds(new Date('2026-11-02T10:00:00.999Z'))).toBe(1793613600);
  });
});

describe('signWebhook', () => {
  it('reproduces the reference signature of the spec libraries', () => {
    expect(signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [SPEC_SECRET] })).toBe(
      SPEC_SIGNATURE,
    );
  });

  it('signs bytes and strings identically', () => {
    const input = { id: SPEC_ID, timestamp: SPEC_TIMESTAMP, secrets: [SPEC_SECRET] };
    expect(signWebhook({ ...input, body: Buffer.from(SPEC_BODY) })).toBe(SPEC_SIGNATURE);
  });

  it('emits one space-separated v1 entry per secret, in the order given', () => {
    const both = signWebhook({
      id: SPEC_ID,
      timestamp: SPEC_TIMESTAMP,
      body: SPEC_BODY,
      secrets: [SECRET_A, SPEC_SECRET],
    });
    const entries = both.split(' ');
    expect(entries).toHaveLength(2);
    expect(entries[1]).toBe(SPEC_SIGNATURE);
    for (const entry of entries) expect(entry).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ['an id containing "."', { id: 'msg_a.b' }, /webhook id/],
    ['an empty id', { id: '' }, /webhook id/],
    ['an id with a space', { id: 'msg a' }, /webhook id/],
    ['a fractional timestamp', { timestamp: 1.5 }, /integer seconds/],
    ['a negative timestamp', { timestamp: -1 }, /integer seconds/],
    ['no secrets', { secrets: [] }, /at least one/],
    ['a malformed secret', { secrets: ['nope'] }, /whsec_/],
  ])('refuses %s', (_name, override, message) => {
    expect(() =>
      signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [SPEC_SECRET], ...override }),
    ).toThrow(message);
  });

  it('builds the three spec headers', () => {
    expect(
      buildWebhookHeaders({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [SPEC_SECRET] }),
    ).toEqual({
      'webhook-id': SPEC_ID,
      'webhook-timestamp': '1614265330',
      'webhook-signature': SPEC_SIGNATURE,
    });
  });
});

describe('independent check: the official standardwebhooks package', () => {
  it('accepts our headers', () => {
    expect(officialVerify(SECRET_A, BODY, signedHeaders())).toBe('accepted');
  });

  it('accepts our headers with either secret during rotation', () => {
    const headers = signedHeaders({ secrets: [SECRET_B, SECRET_A] });
    expect(officialVerify(SECRET_A, BODY, headers)).toBe('accepted');
    expect(officialVerify(SECRET_B, BODY, headers)).toBe('accepted');
  });

  it('accepts a timestamp 4 minutes old', () => {
    expect(officialVerify(SECRET_A, BODY, signedHeaders({ at: new Date(NOW.getTime() - 4 * 60_000) }))).toBe(
      'accepted',
    );
  });

  it.each([
    ['a tampered body', () => [SECRET_A, BODY.replace('r1', 'r2'), signedHeaders()] as const, /No matching signature/],
    ['a wrong secret', () => [SECRET_B, BODY, signedHeaders()] as const, /No matching signature/],
    [
      'a changed webhook-id',
      () => [SECRET_A, BODY, { ...signedHeaders(), 'webhook-id': 'msg_other' }] as const,
      /No matching signature/,
    ],
    [
      'a timestamp 6 minutes old',
      () => [SECRET_A, BODY, signedHeaders({ at: new Date(NOW.getTime() - 6 * 60_000) })] as const,
      /too old/,
    ],
    [
      'a timestamp 6 minutes ahead',
      () => [SECRET_A, BODY, signedHeaders({ at: new Date(NOW.getTime() + 6 * 60_000) })] as const,
      /too new/,
    ],
  ])('rejects %s', (_name, make, message) => {
    const [secret, body, headers] = make();
    expect(officialVerify(secret, body, headers)).toMatch(message);
  });

  it('produces the same signature as the official signer', () => {
    const id = generateMessageId();
    const official = new Webhook(SECRET_A).sign(id, NOW, BODY);
    expect(signWebhook({ id, timestamp: toUnixSeconds(NOW), body: BODY, secrets: [SECRET_A] })).toBe(official);
  });
});

describe('verifyWebhook', () => {
  it('accepts the spec reference vector', () => {
    const headers = {
      'webhook-id': SPEC_ID,
      'webhook-timestamp': String(SPEC_TIMESTAMP),
      'webhook-signature': SPEC_SIGNATURE,
    };
    expect(
      verifyWebhook({ body: SPEC_BODY, headers, secrets: [SPEC_SECRET], now: new Date(SPEC_TIMESTAMP * 1000) }),
    ).toEqual({
      ok: true,
      id: SPEC_ID,
      timestamp: SPEC_TIMESTAMP,
    });
  });

  it('accepts a signature made by the official signer (not by us)', () => {
    const id = 'msg_official';
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(toUnixSeconds(NOW)),
      'webhook-signature': new Webhook(SECRET_B).sign(id, NOW, BODY),
    };
    expect(verifyWebhook({ body: BODY, headers, secrets: [SECRET_A, SECRET_B], now: NOW }).ok).toBe(true);
  });

  it('matches header names case-insensitively and takes Buffer bodies', () => {
    const h = signedHeaders();
    const headers = {
      'Webhook-Id': h['webhook-id'],
      'WEBHOOK-TIMESTAMP': h['webhook-timestamp'],
      'Webhook-Signature': h['webhook-signature'],
    };
    expect(verifyWebhook({ body: Buffer.from(BODY), headers, secrets: [SECRET_A], now: NOW }).ok).toBe(true);
  });

  it('skips unknown versions and garbage entries before a valid one', () => {
    const h = signedHeaders();
    const headers = { ...h, 'webhook-signature': `v1a,AAAA v2,xyz v1,!!! v1, ${h['webhook-signature']}` };
    expect(verifyWebhook({ body: BODY, headers, secrets: [SECRET_A], now: NOW }).ok).toBe(true);
  });

  const tolerance = 5 * 60;
  it.each([
    ['exactly at the tolerance in the past', -tolerance, true],
    ['one second past the tolerance', -tolerance - 1, 'timestamp_too_old'],
    ['exactly at the tolerance in the future', tolerance, true],
    ['one second beyond the future tolerance', tolerance + 1, 'timestamp_too_new'],
  ])('timestamp %s', (_name, offsetSeconds, expected) => {
    const headers = signedHeaders({ at: new Date(NOW.getTime() + offsetSeconds * 1000) });
    const result = verifyWebhook({ body: BODY, headers, secrets: [SECRET_A], now: NOW });
    expect(result.ok ? true : result.reason).toBe(expected);
  });

  it('honours a custom tolerance', () => {
    const headers = signedHeaders({ at: new Date(NOW.getTime() - 60_000) });
    expect(verifyWebhook({ body: BODY, headers, secrets: [SECRET_A], now: NOW, toleranceSeconds: 30 })).toEqual({
      ok: false,
      reason: 'timestamp_too_old',
    });
  });

  const good = (): WebhookHeaders => signedHeaders();
  it.each<[string, () => Record<string, string | undefined>, string]>([
    ['no webhook-id', () => ({ ...good(), 'webhook-id': undefined }), 'missing_headers'],
    ['no webhook-timestamp', () => ({ ...good(), 'webhook-timestamp': undefined }), 'missing_headers'],
    ['no webhook-signature', () => ({ ...good(), 'webhook-signature': '' }), 'missing_headers'],
    ['a non-numeric timestamp', () => ({ ...good(), 'webhook-timestamp': 'yesterday' }), 'invalid_timestamp'],
    [
      'a fractional timestamp',
      () => ({ ...good(), 'webhook-timestamp': `${toUnixSeconds(NOW)}.5` }),
      'invalid_timestamp',
    ],
    [
      'a timestamp shifted by one second',
      () => ({ ...good(), 'webhook-timestamp': String(toUnixSeconds(NOW) + 1) }),
      'no_matching_signature',
    ],
    [
      'a truncated signature',
      () => ({ ...good(), 'webhook-signature': good()['webhook-signature'].slice(0, 20) }),
      'no_matching_signature',
    ],
    [
      'the signature under v1a',
      () => ({ ...good(), 'webhook-signature': good()['webhook-signature'].replace('v1,', 'v1a,') }),
      'no_matching_signature',
    ],
  ])('rejects %s', (_name, headers, reason) => {
    expect(verifyWebhook({ body: BODY, headers: headers(), secrets: [SECRET_A], now: NOW })).toEqual({
      ok: false,
      reason,
    });
  });

  it('rejects a tampered body and a wrong secret', () => {
    const headers = signedHeaders();
    expect(verifyWebhook({ body: `${BODY} `, headers, secrets: [SECRET_A], now: NOW })).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
    expect(verifyWebhook({ body: BODY, headers, secrets: [SECRET_B], now: NOW })).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
  });
});
