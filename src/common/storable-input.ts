import type { NextFunction, Request, Response } from 'express';

import { badRequest, FieldError, invalidBody } from './problem';

/**
 * How many arrays and objects a request body may nest, the body itself being level 1. Real events
 * nest a handful of levels and a survey about six; recursive code on a body (hashing, matching,
 * Postgres' own jsonb parser) is safe this shallow, whatever the stack size.
 */
export const MAX_JSON_DEPTH = 32;

const NUL = 'Contains a NUL character (U+0000), which cannot be stored.';
const LONE_SURROGATE = 'Contains an unpaired UTF-16 surrogate (such as \\ud800), which is not Unicode text.';
const NOT_FINITE = 'The number is beyond the range of a double (about ±1.8e308).';
const TOO_DEEP = `Nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`;

/** Why text cannot be stored as it is (Postgres refuses NUL in text and jsonb, and lone surrogates in jsonb), or null. */
export function unstorableText(text: string): string | null {
  if (text.indexOf('\u0000') !== -1) return NUL;
  return isWellFormed(text) ? null : LONE_SURROGATE;
}

/** Node 20's string methods for lone surrogates (ES2024), which the ES2023 lib this project compiles with lacks. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

function isWellFormed(text: string): boolean {
  return (text as Es2024String).isWellFormed();
}

/**
 * The first value in a parsed body (JSON or form) or query that the service cannot store or walk:
 * text with a NUL or a lone surrogate (in a value or a key), a number JSON.parse read as ±Infinity,
 * or nesting beyond `maxDepth`. Null when there is none.
 *
 * A good body (every request) costs one pass with no paths kept, about a third of what JSON.parse
 * of the same body costs; only a bad one is walked again to name the field. Both walks recurse,
 * safely: the depth is checked before descending, so they never go deeper than maxDepth + 1.
 */
export function findUnstorable(root: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | null {
  return isStorable(root, 1, maxDepth) ? null : locate(root, 1, [], maxDepth);
}

function isStorable(value: unknown, depth: number, maxDepth: number): boolean {
  if (typeof value === 'string') return unstorableText(value) === null;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isStorable(item, depth + 1, maxDepth)) return false;
    return true;
  }
  for (const key in value) {
    if (unstorableText(key) !== null) return false;
    if (!isStorable((value as Record<string, unknown>)[key], depth + 1, maxDepth)) return false;
  }
  return true;
}

/** Names the first bad value; recursion is bounded by maxDepth + 1 frames. */
function locate(value: unknown, depth: number, path: string[], maxDepth: number): FieldError | null {
  const at = (message: string, segments = path) => ({ path: segments.join('.') || '(root)', message });
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason ? at(reason) : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : at(NOT_FINITE);
  if (typeof value !== 'object' || value === null) return null;
  if (depth > maxDepth) return at(TOO_DEEP);
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [String(i), item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const keyReason = Array.isArray(value) ? null : unstorableText(key);
    // The key itself goes into the path made printable; the message says what was wrong with it.
    const segments = [...path, printable(key)];
    if (keyReason) return at(`The property name: ${keyReason[0].toLowerCase()}${keyReason.slice(1)}`, segments);
    const found = locate(item, depth + 1, segments, maxDepth);
    if (found) return found;
  }
  return null;
}

/** A property name fit to show in a path: NULs and lone surrogates as U+FFFD. */
function printable(key: string): string {
  return (key.replaceAll('\u0000', '\ufffd') as Es2024String).toWellFormed();
}

/**
 * Express middleware after the body parsers: a body or query the service cannot store is refused
 * here, once for every route, with the field named (422 for a body, 400 for a query), instead of
 * failing in Postgres or a recursive walk as a 500. A NUL can reach a query only as `%00`, so
 * other queries are not parsed again.
 */
export function rejectUnstorableInput(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== undefined) {
    const error = findUnstorable(body);
    if (error) return next(invalidBody([error], 'The request body holds a value that cannot be stored.'));
  }
  if (req.url.includes('%00')) {
    const error = findUnstorable(req.query);
    if (error) return next(badRequest('A query parameter holds a value that cannot be stored.', [error]));
  }
  next();
}

/** Twilio's form with every NUL removed: inbound text is kept (an SMS reply is an answer), minus what Postgres cannot hold. */
export function withoutNul(form: Record<string, string>): Record<string, string> {
  let dirty = false;
  for (const key in form) if (key.includes('\u0000') || form[key].includes('\u0000')) dirty = true;
  if (!dirty) return form;
  return Object.fromEntries(
    Object.entries(form).map(([k, v]) => [k.replaceAll('\u0000', ''), v.replaceAll('\u0000', '')]),
  );
}
