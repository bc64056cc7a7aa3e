import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so two bodies that mean the same thing hash the same. Recursive:
 * request bodies reach it only after rejectUnstorableInput has bounded their depth (MAX_JSON_DEPTH).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
