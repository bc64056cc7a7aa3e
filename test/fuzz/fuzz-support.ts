import fc from 'fast-check';

import type { TestSql } from '../support/test-app';

/**
 * What every fuzz suite shares: a fixed seed (FUZZ_SEED overrides it; fast-check prints the seed
 * and the shrunk counterexample of a failure), bounded runs (FUZZ_SCALE multiplies them for a
 * longer hunt), hostile values, and a checksum of the tables a request must not touch.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20260614;

/** Runs per property: small enough that the whole fuzz suite stays well under a minute on a busy 2-core machine. */
export function fuzzRuns(runs: number): number {
  return Math.max(1, Math.round(runs * Number(process.env.FUZZ_SCALE ?? 1)));
}

/** A jest timeout for a property of this many runs (before FUZZ_SCALE), roomy for a busy machine. */
export function fuzzTimeout(runs: number): number {
  return 30_000 + fuzzRuns(runs) * 100;
}

export function fuzzParams(runs: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(runs) };
}

/** JSON text sent as it is: numbers JSON.stringify cannot write (1e400) and nesting too deep to build as objects. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson pieces. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The characters that broke things before: NUL, lone surrogates, and a few that often do elsewhere. */
const nastyChar = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\udc00\ud800',
  '\u0000\u0000',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\r\n',
  '%00',
  '\\u0000',
  '"',
  "'",
  '\\',
);

/** Text as clients send it, and as attackers do: empty, long (past a btree's 2,704-byte limit), any code point, with nasty characters spliced in. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(fc.string({ maxLength: 20 }), nastyChar, fc.nat())
    .map(([text, c, at]) => text.slice(0, at % (text.length + 1)) + c + text.slice(at % (text.length + 1))),
  fc.integer({ min: 250, max: 12_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    'null',
    'true',
    'NaN',
    '1e400',
    'P9999999999Y',
    'PT0S',
    '2026-02-30T25:61:00Z',
    '9999-12-31T23:59:59Z',
    '+99999999999999999999',
    'Europe/Nowhere',
    '00000000-0000-0000-0000-000000000000',
    'https://[::1]/',
    '<script>alert(1)</script>',
    '{{constructor}}',
    "'; DROP TABLE contacts; --",
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'e\u0301',
    '👍🏽',
  ),
);

/** Numbers at the edges: huge, tiny, negative zero, past int4 and past 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e20, 1e308, -1e308, 5e-324),
);

/** Number literals only raw JSON can carry: JSON.parse reads the first two as ±Infinity. */
const rawNumber = fc
  .constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0')
  .map((text) => new RawJson(text));

/** Nesting around the limit (32) and far past it (the 5,000 levels that overflowed the stack). */
const deepNesting = fc
  .tuple(fc.constantFrom(31, 32, 33, 100, 5000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? new RawJson('['.repeat(depth) + ']'.repeat(depth))
      : new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: rawNumber },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Any JSON value built of hostile pieces. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(hostileText, tie('node'), { maxKeys: 4 }),
})).node;

type Path = Array<string | number>;

/** Every path into a JSON value, the root included. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path];
  if (value instanceof RawJson) return here;
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => pathsOf(item, [...path, i])));
  if (typeof value === 'object' && value !== null)
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...path, k])));
  return here;
}

/** One change to a valid body: a value replaced, a key or item added, or one removed. */
interface Mutation {
  at: number;
  op: 'replace' | 'add' | 'remove';
  key: string;
  value: unknown;
}

const mutation = (values: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  fc.record({
    at: fc.nat(),
    op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'add', 'remove'),
    key: fc.oneof(hostileText, fc.string({ maxLength: 10 })),
    value: values,
  });

/** Plain JSON a client might well send, every string storable: it gets past the input rules to the schemas and beyond. */
export const plainJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  hostileNumber,
);

function applyMutation(body: unknown, m: Mutation): unknown {
  const paths = pathsOf(body);
  const path = paths[m.at % paths.length];
  if (path.length === 0 && m.op === 'replace') return m.value;
  const parentPath = m.op === 'add' ? path : path.slice(0, -1);
  let parent: unknown = body;
  for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
  const last = path[path.length - 1];
  if (m.op === 'add') {
    if (Array.isArray(parent)) parent.push(m.value);
    else if (typeof parent === 'object' && parent !== null) (parent as Record<string, unknown>)[m.key] = m.value;
    else return applyMutation(body, { ...m, op: 'replace' });
  } else if (path.length === 0) {
    return {};
  } else if (Array.isArray(parent)) {
    if (m.op === 'remove') parent.splice(last as number, 1);
    else parent[last as number] = m.value;
  } else {
    const record = parent as Record<string, unknown>;
    if (m.op === 'remove') delete record[last as string];
    else record[last as string] = m.value;
  }
  return body;
}

/** A valid body with one to three changes of these values: it passes the outer checks and reaches deeper code. */
export function mutationOf(valid: unknown, values: fc.Arbitrary<unknown> = hostileJson): fc.Arbitrary<unknown> {
  return fc
    .array(mutation(values), { minLength: 1, maxLength: 3 })
    .map((mutations) => mutations.reduce((body, m) => applyMutation(body, m), structuredClone(valid)));
}

/**
 * The JSON text of a request body: a valid body with hostile changes or with plausible ones (which
 * reach the deeper rules), arbitrary hostile JSON, and text that is not JSON at all.
 */
export function hostileBody(valid: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: mutationOf(valid, hostileJson).map(toJsonText) },
    { weight: 4, arbitrary: mutationOf(valid, plainJson).map(toJsonText) },
    { weight: 1, arbitrary: hostileJson.map(toJsonText) },
    { weight: 1, arbitrary: hostileText },
  );
}

interface TableInfo {
  name: string;
  /** The column naming a row's workspace (`id` in workspaces itself), null when the table has none. */
  scope: string | null;
}

const tableLists = new WeakMap<TestSql, Promise<TableInfo[]>>();

/** The schema's tables, read once per database (information_schema is slow to ask on every run). */
function tablesOf(db: TestSql): Promise<TableInfo[]> {
  if (!tableLists.has(db)) tableLists.set(db, readTables(db));
  return tableLists.get(db)!;
}

function readTables(db: TestSql): Promise<TableInfo[]> {
  return db.query(
    `SELECT c.table_name AS name,
            CASE WHEN c.table_name = 'workspaces' THEN 'id'
                 WHEN bool_or(c.column_name = 'workspace_id') THEN 'workspace_id' END AS scope
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'migrations'
     GROUP BY c.table_name ORDER BY 1`,
  );
}

const checksumOf = (table: string, where = '') =>
  `SELECT '${table}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${table}" x ${where}`;

async function checksums(db: TestSql, parts: string[]): Promise<Record<string, string>> {
  if (!parts.length) return {};
  const rows: Array<{ name: string; sum: string }> = await db.query(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

/**
 * A checksum per table of what a request may not change: whole tables outside `tables`, and in
 * those it may write, the rows of every other workspace (tables there without a workspace column
 * are left out: their rows hang off rows that are checked).
 */
export async function untouchedData(
  db: TestSql,
  mayWrite: { workspaceId: string; tables: string[] },
): Promise<Record<string, string>> {
  const tables = await tablesOf(db);
  // A request that succeeds writes its own audit entry (docs/people.md): the calling workspace's
  // audit_log rows may change, never another workspace's.
  const writable = new Set([...mayWrite.tables, 'audit_log']);
  const unknown = mayWrite.tables.filter((name) => !tables.some((t) => t.name === name));
  if (unknown.length) throw new Error(`no such tables: ${unknown.join(', ')}`);
  return checksums(
    db,
    tables
      .filter((t) => !writable.has(t.name) || t.scope)
      .map((t) => checksumOf(t.name, writable.has(t.name) ? `WHERE x.${t.scope} <> '${mayWrite.workspaceId}'` : '')),
  );
}

/** A checksum of one workspace's rows in these tables: what a refused request must leave as it was. */
export async function workspaceData(
  db: TestSql,
  workspaceId: string,
  tables: string[],
): Promise<Record<string, string>> {
  const scoped = (await tablesOf(db)).filter((t) => t.scope && tables.includes(t.name));
  return checksums(
    db,
    scoped.map((t) => checksumOf(t.name, `WHERE x.${t.scope} = '${workspaceId}'`)),
  );
}

/** A response that must not be a server error, with what was sent when it is. */
export function expectNoServerError(status: number, sent: string, answer: string): void {
  if (status >= 500) throw new Error(`${status} for ${JSON.stringify(sent).slice(0, 2000)}\n→ ${answer.slice(0, 500)}`);
}
