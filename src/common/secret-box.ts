import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (workspace Twilio auth tokens): AES-256-GCM with a random 96-bit IV, so the
 * same token sealed twice differs and any change to the stored text is detected on opening.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; the version lets the key scheme change later.
 */
export function sealSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export class SecretOpenError extends Error {}

/** Decrypts what sealSecret produced; throws SecretOpenError for a wrong key or tampered text. */
export function openSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new SecretOpenError('not a sealed secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretOpenError('secret cannot be opened with this key (wrong SECRETS_KEY or tampered value)');
  }
}

/** Shows only the last four characters: enough to tell two tokens apart, useless to an attacker. */
export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}
