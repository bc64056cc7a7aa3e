import { z } from 'zod';

import { decodeCursor, encodeCursor, keysetPosition, MAX_CURSOR_LENGTH } from './cursor';
import { cursorParam, limitParam, pageOf, sliceOf } from './pagination';

const AT = '2026-03-02 09:15:30.123456+00';
const ID = '0b7e4c1a-7d2f-4c55-9a0e-3f1d2c4b5a69';

describe('the cursor codec', () => {
  it('round-trips a keyset position, microseconds included', () => {
    const cursor = encodeCursor([AT, ID]);
    expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(keysetPosition, cursor)).toEqual({ at: AT, id: ID });
  });

  it('is base64url JSON behind its version tag (readable by any base64 decoder)', () => {
    const payload = encodeCursor([AT, ID]).slice('c1.'.length);
    const standard = payload.replace(/-/g, '+').replace(/_/g, '/');
    expect(JSON.parse(atob(standard))).toEqual([AT, ID]);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['no version tag', Buffer.from(JSON.stringify([AT, ID])).toString('base64url')],
    ['another version', 'c2.' + Buffer.from(JSON.stringify([AT, ID])).toString('base64url')],
    ['not base64url', 'c1.@@@'],
    ['not JSON', 'c1.' + Buffer.from('{oops').toString('base64url')],
    ['JSON of the wrong shape', 'c1.' + Buffer.from(JSON.stringify({ at: AT, id: ID })).toString('base64url')],
    ['a date JavaScript prints', encodeCursor([new Date(0).toISOString(), ID])],
    ['an id that is not a UUID', encodeCursor([AT, 'abc'])],
    ['SQL in the timestamp', encodeCursor([`${AT}'; DROP TABLE contacts; --`, ID])],
    ['an extra element', encodeCursor([AT, ID, 'x'])],
    ['too long', 'c1.' + 'A'.repeat(MAX_CURSOR_LENGTH)],
  ])('refuses a cursor it did not give out: %s', (_label, text) => {
    expect(decodeCursor(keysetPosition, text)).toBeUndefined();
  });

  it('accepts the offsets Postgres prints for other session time zones', () => {
    for (const at of ['2026-03-02 11:15:30.123456+02', '2026-03-02 04:45:30-04:30', '2026-03-02 09:15:30+00']) {
      expect(decodeCursor(keysetPosition, encodeCursor([at, ID]))).toEqual({ at, id: ID });
    }
  });
});

describe('the paging parameters', () => {
  const query = z.object({ limit: limitParam, cursor: cursorParam(keysetPosition).optional() }).strict();

  it('defaults limit to 50 and decodes the cursor', () => {
    expect(query.parse({})).toEqual({ limit: 50 });
    expect(query.parse({ limit: '3', cursor: encodeCursor([AT, ID]) })).toEqual({
      limit: 3,
      cursor: { at: AT, id: ID },
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'nonsense' }, 'cursor'],
    [{ cursor: encodeCursor([AT]) }, 'cursor'],
  ])('names the bad parameter: %p', (given, path) => {
    const result = query.safeParse(given);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});

describe('pageOf', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `id-${i}`, position: `2026-01-01 00:00:0${i}+00` }));

  it('shows `limit` rows and a cursor at the last one shown when the extra row came back', () => {
    const page = pageOf(
      rows(4),
      3,
      (r) => [r.position, r.id],
      (r) => r.id,
    );
    expect(page.data).toEqual(['id-0', 'id-1', 'id-2']);
    expect(JSON.parse(Buffer.from(page.nextCursor!.slice(3), 'base64url').toString())).toEqual([
      '2026-01-01 00:00:02+00',
      'id-2',
    ]);
  });

  it('has no cursor on the last page, even when it is exactly full', () => {
    expect(
      pageOf(
        rows(3),
        3,
        (r) => r.id,
        (r) => r.id,
      ),
    ).toEqual({ data: ['id-0', 'id-1', 'id-2'], nextCursor: null });
    expect(
      pageOf(
        [],
        3,
        (r) => r,
        (r) => r,
      ),
    ).toEqual({ data: [], nextCursor: null });
  });

  it('sliceOf keeps the next key unencoded (for cursors that hold several lists)', () => {
    expect(
      sliceOf(
        rows(2),
        1,
        (r) => r.id,
        (r) => r.id,
      ),
    ).toEqual({ data: ['id-0'], nextKey: 'id-0' });
  });
});
