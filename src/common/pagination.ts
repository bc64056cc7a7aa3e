import { z } from 'zod';

import { decodeCursor, encodeCursor, KeysetPosition, keysetPosition, MAX_CURSOR_LENGTH } from './cursor';

/** Rows a page holds unless `limit` says otherwise, and the most it may ask for. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** `limit`: 1 to MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT when absent; anything else is a 400 naming it. */
export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_LIMIT)
  .default(DEFAULT_PAGE_LIMIT)
  .describe(`Rows per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT}).`);

/**
 * `cursor`: a `nextCursor` this route gave out, decoded to its key by `schema`. Anything else (edited,
 * truncated, from another list) is a 400 naming `cursor`, never a wrong page.
 */
export function cursorParam<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .max(MAX_CURSOR_LENGTH)
    .transform((text, ctx): z.output<S> => {
      const key = decodeCursor(schema, text);
      if (key === undefined) {
        ctx.addIssue({ code: 'custom', message: 'Not a cursor this list gave out: pass nextCursor back unchanged' });
        return z.NEVER;
      }
      return key;
    })
    .describe('`nextCursor` from the previous page, unchanged.');
}

/** The two paging parameters of a (created_at, id) keyset list, to spread into its query schema. */
export const keysetPageParams = { limit: limitParam, cursor: cursorParam(keysetPosition).optional() };

/** One page of a list. `nextCursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The OpenAPI/zod shape of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  });
}

/** A page before its cursor is encoded: the rows shown and the key to continue after (null: no more). */
export interface Slice<T, K> {
  data: T[];
  nextKey: K | null;
}

/**
 * A slice of rows fetched with `limit + 1`: the extra row only says that more follow, and the next
 * key is that of the last row shown.
 */
export function sliceOf<R, T, K>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => K,
  view: (row: R) => T,
): Slice<T, K> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { data: shown.map(view), nextKey: rows.length > limit && last !== undefined ? keyOf(last) : null };
}

/** A page from rows fetched with `limit + 1` (see sliceOf), its cursor encoded. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => unknown,
  view: (row: R) => T,
): Page<T> {
  const { data, nextKey } = sliceOf(rows, limit, keyOf, view);
  return { data, nextCursor: nextKey === null ? null : encodeCursor(nextKey) };
}

/** A row that carries its keyset position (`created_at::text AS position`). */
export interface PositionedRow {
  id: string;
  position: string;
}

/** The cursor key of a positioned row, as keysetPosition decodes it. */
export const positionOf = (row: PositionedRow): [string, string] => [row.position, row.id];

/**
 * SQL parameters for a keyset page: the position to continue below (nulls on the first page) and
 * `limit + 1`, the extra row saying whether another page follows (see pageOf).
 */
export function keysetArgs(after: KeysetPosition | undefined, limit: number): [string | null, string | null, number] {
  return [after?.at ?? null, after?.id ?? null, limit + 1];
}
