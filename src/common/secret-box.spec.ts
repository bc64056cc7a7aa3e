import { randomBytes } from 'node:crypto';

import { maskSecret, openSecret, sealSecret, SecretOpenError } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealSecret('twilio-auth-token-1234', key);
    expect(sealed).not.toContain('twilio-auth-token');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openSecret(sealed, key)).toBe('twilio-auth-token-1234');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('same', key)).not.toBe(sealSecret('same', key));
  });

  it('refuses a wrong key and a tampered value', () => {
    const sealed = sealSecret('secret', key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretOpenError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => openSecret([...parts.slice(0, 3), flipped.toString('base64url')].join('.'), key)).toThrow(
      SecretOpenError,
    );
    expect(() => openSecret('plain-text', key)).toThrow(SecretOpenError);
  });

  it('masks all but the last four characters', () => {
    expect(maskSecret('abcdef123456')).toBe('••••3456');
  });
});
