import { readOwnPath } from '../common/own-path';

/**
 * Which events start a campaign: an event type plus optional property clauses, all of
 * which must hold. Authors write clauses as a small expression (`parseFilterExpression`)
 * or as JSON (`validateFilterClauses`); both produce the same `FilterClause[]`.
 */

export const FILTER_OPS = ['eq', 'neq', 'in', 'nin', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FilterClause {
  /** Dotted path into the event: `type`, `properties.order.total`, `contact.attributes.tier`. */
  field: string;
  op: FilterOp;
  value?: unknown;
}

/** The parts of an incoming event a filter can look at. */
export interface TriggerEvent {
  type: string;
  properties: Record<string, unknown>;
  // Nullable because CRMs send explicit nulls; a null field simply doesn't exist for filters.
  contact?: { attributes?: Record<string, unknown> | null; locale?: string | null } | null;
}

/** A problem in structured filter JSON, located by a dotted path such as `1.value`. */
export interface FilterIssue {
  path: string;
  message: string;
}

/** A filter expression that can't be parsed; `column` is 1-based. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

// Restricting roots turns a forgotten `properties.` prefix into an error, not a silent no-match.
const FIELD = /^(?:type|(?:properties|contact)(?:\.[\p{L}\p{N}_$-]+)*)$/u;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMERIC_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMERIC_OPS: readonly FilterOp[] = ['gt', 'gte', 'lt', 'lte'];

type Scalar = string | number | boolean;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

// Event payloads come from many systems that disagree on "5" vs 5, so equality is by string form.
const looseEquals = (a: unknown, b: unknown): boolean => isScalar(a) && isScalar(b) && String(a) === String(b);

// Numeric strings count as numbers for the same reason ("129.90" from a webhook).
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' && NUMERIC_STRING.test(v.trim()) ? Number(v.trim()) : undefined;
}

function clauseHolds(event: TriggerEvent, { field, op, value }: FilterClause): boolean {
  const actual = readOwnPath(event, field);
  switch (op) {
    case 'eq':
      return looseEquals(actual, value);
    case 'neq':
      return !looseEquals(actual, value);
    case 'in':
      return Array.isArray(value) && value.some((v) => looseEquals(actual, v));
    case 'nin':
      return Array.isArray(value) && !value.some((v) => looseEquals(actual, v));
    case 'exists':
      return (actual !== undefined && actual !== null) === (value !== false);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = toNumber(actual);
      const b = toNumber(value);
      if (a === undefined || b === undefined) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
    default:
      return false;
  }
}

/**
 * True when every clause holds for the event (an empty list matches everything).
 * `neq` and `nin` also match when the field is absent. Never throws, even on clauses that
 * would fail validation; such clauses simply don't match.
 */
export function matchesFilter(event: TriggerEvent, clauses: FilterClause[]): boolean {
  return clauses.every((clause) => clauseHolds(event, clause));
}

/** True when the event has the trigger's type and passes its filter. */
export function matchesTrigger(event: TriggerEvent, trigger: { eventType: string; filter?: FilterClause[] }): boolean {
  return event.type === trigger.eventType && matchesFilter(event, trigger.filter ?? []);
}

function valueIssues(op: FilterOp, value: unknown, path: string): FilterIssue[] {
  const issue = (message: string, at = path) => [{ path: at, message }];
  if (op === 'eq' || op === 'neq') return isScalar(value) ? [] : issue('must be a string, number or boolean');
  if (op === 'exists')
    return value === undefined || typeof value === 'boolean' ? [] : issue('must be true, false or omitted');
  if (NUMERIC_OPS.includes(op)) {
    return typeof value === 'number' && Number.isFinite(value)
      ? []
      : issue(`"${op}" compares numbers, so value must be a number`);
  }
  if (!Array.isArray(value) || value.length === 0) return issue('must be a non-empty array');
  return value.flatMap((v, i) => (isScalar(v) ? [] : issue('must be a string, number or boolean', `${path}.${i}`)));
}

function clauseIssues(clause: unknown, path: string): FilterIssue[] {
  if (clause === null || typeof clause !== 'object' || Array.isArray(clause)) {
    return [{ path, message: 'must be an object with field, op and value' }];
  }
  const c = clause as Record<string, unknown>;
  const issues: FilterIssue[] = Object.keys(c)
    .filter((key) => key !== 'field' && key !== 'op' && key !== 'value')
    .map((key) => ({ path: `${path}.${key}`, message: 'is not allowed; a clause has only field, op and value' }));
  if (typeof c.field !== 'string' || !FIELD.test(c.field)) {
    issues.push({
      path: `${path}.field`,
      message: 'must be "type" or a dotted path under properties or contact, e.g. properties.team',
    });
  }
  if (!FILTER_OPS.includes(c.op as FilterOp)) {
    issues.push({ path: `${path}.op`, message: `must be one of ${FILTER_OPS.join(', ')}` });
  } else {
    issues.push(...valueIssues(c.op as FilterOp, c.value, `${path}.value`));
  }
  return issues;
}

/**
 * Checks untrusted JSON is a well-formed `FilterClause[]`. Returns an empty list when valid.
 * Paths are relative to the array (`1.value`; `''` for the array itself) unless a
 * `basePath` is given (`trigger.filter` → `trigger.filter.1.value`).
 */
export function validateFilterClauses(clauses: unknown, basePath = ''): FilterIssue[] {
  if (!Array.isArray(clauses)) return [{ path: basePath, message: 'must be an array of clauses' }];
  return clauses.flatMap((clause, i) => clauseIssues(clause, basePath ? `${basePath}.${i}` : String(i)));
}

interface Token {
  kind: 'word' | 'string' | 'symbol' | 'end';
  text: string;
  /** 0-based offset into the expression. */
  pos: number;
  value?: string;
}

const SYMBOL_OPS: Record<string, FilterOp> = { '=': 'eq', '!=': 'neq', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };
const KEYWORDS = new Set(['and', 'in', 'not', 'exists']);

// Sticky regexes match exactly at lastIndex, so tokenizing stays linear in the input length.
const SPACE = /\s+/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const SYMBOL = /!=|>=|<=|[=<>[\],]/y;
const WORD = /[^\s"'[\],=!<>]+/y;

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  const fail = (what: string, pos: number) => new FilterSyntaxError(`${what} at column ${pos + 1}`, pos + 1);
  const matchAt = (re: RegExp, pos: number) => {
    re.lastIndex = pos;
    return re.exec(expr)?.[0];
  };
  let i = 0;
  while (i < expr.length) {
    const space = matchAt(SPACE, i);
    if (space) {
      i += space.length;
      continue;
    }
    if (expr[i] === "'") throw fail('Use double quotes for strings', i);
    if (expr[i] === '"') {
      // The regex finds the closing quote; JSON.parse decodes escapes and rejects bad ones.
      const literal = matchAt(STRING, i);
      if (!literal) throw fail('Unterminated string starting', i);
      let value: string;
      try {
        value = JSON.parse(literal) as string;
      } catch {
        throw fail('Invalid escape or control character in string starting', i);
      }
      tokens.push({ kind: 'string', text: literal, pos: i, value });
      i += literal.length;
      continue;
    }
    const symbol = matchAt(SYMBOL, i);
    const text = symbol ?? matchAt(WORD, i);
    if (!text) throw fail(`Unexpected character "${expr[i]}"`, i);
    tokens.push({ kind: symbol ? 'symbol' : 'word', text, pos: i });
    i += text.length;
  }
  tokens.push({ kind: 'end', text: '', pos: expr.length });
  return tokens;
}

/**
 * Parses `properties.team in ["billing","support"] and properties.channel = "chat"` into
 * clauses. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`, `in [..]`, `not in [..]`, `exists`,
 * `not exists`; keywords are case-insensitive. Values are JSON literals (strings, numbers,
 * true/false) or bare words taken as strings. A blank expression yields no clauses.
 * @throws FilterSyntaxError naming the clause and column of the first problem.
 */
export function parseFilterExpression(expr: string): FilterClause[] {
  const tokens = tokenize(expr);
  let index = 0;
  let clauseNo = 1;
  const peek = () => tokens[index];
  const next = () => tokens[index++];
  const isWord = (tok: Token, word: string) => tok.kind === 'word' && tok.text.toLowerCase() === word;
  const error = (expected: string, tok: Token) => {
    const found = tok.kind === 'end' ? 'end of expression' : tok.kind === 'string' ? tok.text : `"${tok.text}"`;
    return new FilterSyntaxError(
      `Clause ${clauseNo}: ${expected}, found ${found} at column ${tok.pos + 1}`,
      tok.pos + 1,
    );
  };

  function scalar(): Scalar {
    const tok = next();
    if (tok.kind === 'string') return tok.value as string;
    if (tok.kind !== 'word' || KEYWORDS.has(tok.text.toLowerCase())) throw error('expected a value', tok);
    if (tok.text === 'null') throw error('expected a value ("exists" / "not exists" test for missing fields)', tok);
    if (tok.text === 'true' || tok.text === 'false') return tok.text === 'true';
    return NUMBER.test(tok.text) ? Number(tok.text) : tok.text;
  }

  function list(): Scalar[] {
    if (next().text !== '[') throw error('expected "[" to start a list', tokens[index - 1]);
    if (peek().text === ']') throw error('expected at least one value in the list', peek());
    const values = [scalar()];
    while (peek().text === ',') {
      next();
      values.push(scalar());
    }
    if (next().text !== ']') throw error('expected "," or "]" in the list', tokens[index - 1]);
    return values;
  }

  function clause(): FilterClause {
    const fieldTok = next();
    if (fieldTok.kind !== 'word' || !FIELD.test(fieldTok.text)) {
      throw error('expected a field such as type, properties.team or contact.attributes.tier', fieldTok);
    }
    const field = fieldTok.text;
    const opTok = next();
    const op = opTok.kind === 'symbol' ? SYMBOL_OPS[opTok.text] : undefined;
    if (op) {
      const valueTok = peek();
      const value = scalar();
      if (NUMERIC_OPS.includes(op) && typeof value !== 'number')
        throw error(`"${opTok.text}" compares numbers; expected a number`, valueTok);
      return { field, op, value };
    }
    if (isWord(opTok, 'exists')) return { field, op: 'exists' };
    if (isWord(opTok, 'in')) return { field, op: 'in', value: list() };
    if (isWord(opTok, 'not')) {
      const second = next();
      if (isWord(second, 'in')) return { field, op: 'nin', value: list() };
      if (isWord(second, 'exists')) return { field, op: 'exists', value: false };
      throw error('expected "in" or "exists" after "not"', second);
    }
    throw error(`expected an operator (=, !=, >, >=, <, <=, in, not in, exists) after "${field}"`, opTok);
  }

  if (peek().kind === 'end') return [];
  const clauses = [clause()];
  while (peek().kind !== 'end') {
    if (!isWord(peek(), 'and'))
      throw error('expected "and" or end of expression (quote values containing spaces)', peek());
    next();
    clauseNo++;
    clauses.push(clause());
  }
  return clauses;
}
