import { z } from 'zod';

/**
 * Opaque page cursors. A cursor carries the sort key of the last row a page showed, as base64url
 * JSON behind a version tag; clients pass `nextCursor` back unchanged and must not build one. The
 * tag lets a later format refuse today's cursors with a clear 400 instead of misreading them.
 */
const VERSION = 'c1.';

/** Longest cursor accepted: far above any key we encode, small enough to bound the work of a bad one. */
export const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(key: unknown): string {
  return VERSION + Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, checked against `schema`; undefined for anything this API did not give out. */
export function decodeCursor<S extends z.ZodType>(schema: S, text: string): z.output<S> | undefined {
  if (text.length > MAX_CURSOR_LENGTH || !text.startsWith(VERSION)) return undefined;
  const payload = text.slice(VERSION.length);
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A timestamp as Postgres prints `timestamptz::text` (ISO DateStyle, to the microsecond). Keys keep
 * Postgres' own text because a JavaScript Date drops the microseconds, and a keyset compared at
 * millisecond precision skips or repeats rows created within the same millisecond.
 */
export const pgTimestampText = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/, 'a Postgres timestamp');

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** Where a (created_at, id) keyset page ended: rows sort by both, newest first. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** Where a page of a log ordered by a growing bigint id ended (webhook deliveries, the audit log). */
export const sequencePosition = z.tuple([z.string().regex(/^\d{1,18}$/)]).transform(([id]) => id);

/** The position of the last row shown, as `[at, id]`. */
export const keysetPosition = z.tuple([pgTimestampText, uuid]).transform(([at, id]): KeysetPosition => ({ at, id }));
