import { createHash } from 'node:crypto';

/**
 * A number in [0, 1) fixed by `key` alone: the first 48 bits of its SHA-256. The same in every
 * process, machine and release, which is the point: stored decisions were made with it, so it
 * must never change. `purpose` keeps uses apart, so being sampled in says nothing about when the
 * spread sends you.
 */
export function unitInterval(purpose: string, key: string): number {
  const digest = createHash('sha256').update(`${purpose}\n${key}`, 'utf8').digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
