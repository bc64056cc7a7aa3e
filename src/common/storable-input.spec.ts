import fc from 'fast-check';

import { findUnstorable, MAX_JSON_DEPTH, unstorableText, withoutNul } from './storable-input';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('unstorableText', () => {
  it.each([
    ['plain text', 'Kiitos paljon', null],
    ['an emoji (a surrogate pair)', 'great 👍', null],
    ['the replacement character itself', '\ufffd', null],
    ['a NUL', 'a\u0000b', 'NUL'],
    ['a lone high surrogate', 'x\ud800', 'surrogate'],
    ['a lone low surrogate', '\udc00x', 'surrogate'],
    ['a pair in the wrong order', '\udc00\ud800', 'surrogate'],
  ])('%s', (_label, text, expected) => {
    const reason = unstorableText(text);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toContain(expected);
  });

  it('agrees with UTF-8 round-tripping (which replaces lone surrogates) for any string', () => {
    const withSurrogates = fc
      .array(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
        ),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(withSurrogates, (text) => {
        const storable = !text.includes('\u0000') && Buffer.from(text, 'utf8').toString('utf8') === text;
        expect(unstorableText(text) === null).toBe(storable);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});

describe('findUnstorable', () => {
  it('passes an ordinary event', () => {
    const event = {
      type: 'ticket.closed',
      contact: { externalId: 'c-1', email: 'anna@example.com' },
      properties: { team: 'billing', score: 7, tags: ['a', 'b'], nested: { deep: [{ ok: true }] }, none: null },
    };
    expect(findUnstorable(event)).toBeNull();
  });

  it('names the field holding a NUL or a lone surrogate, in values and in keys', () => {
    expect(findUnstorable({ properties: { note: 'a\u0000' } })).toEqual({
      path: 'properties.note',
      message: expect.stringContaining('NUL'),
    });
    expect(findUnstorable({ contact: { externalId: '\ud800' } })).toEqual({
      path: 'contact.externalId',
      message: expect.stringContaining('surrogate'),
    });
    expect(findUnstorable({ questions: [{ id: 'q1' }, { text: { en: 'x\u0000' } }] })?.path).toBe(
      'questions.1.text.en',
    );
    const key = findUnstorable({ properties: { 'bad\u0000key': 1 } });
    expect(key).toEqual({
      path: 'properties.bad\ufffdkey',
      message: expect.stringMatching(/^The property name: contains a NUL/),
    });
    expect(findUnstorable('\u0000')?.path).toBe('(root)');
  });

  it('refuses numbers JSON.parse read as infinite', () => {
    expect(findUnstorable(JSON.parse('{"properties":{"big":1e400}}'))).toEqual({
      path: 'properties.big',
      message: expect.stringContaining('range'),
    });
    expect(findUnstorable(JSON.parse('{"n":-1e400}'))?.path).toBe('n');
    expect(findUnstorable({ n: 1.7976931348623157e308, m: 5e-324, k: 2 ** 64 })).toBeNull();
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more, naming where it starts`, () => {
    expect(findUnstorable(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findUnstorable({ properties: nested(MAX_JSON_DEPTH - 1) })).toBeNull();
    expect(findUnstorable({ properties: nested(MAX_JSON_DEPTH) })).toEqual({
      path: `properties${'.0'.repeat(MAX_JSON_DEPTH - 1)}`,
      message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`),
    });
  });

  it('walks 5,000 and 500,000 levels without a stack overflow', () => {
    expect(findUnstorable(JSON.parse('['.repeat(5000) + ']'.repeat(5000)))?.message).toContain('levels');
    expect(findUnstorable({ p: nested(500_000) })?.message).toContain('levels');
  });

  it('agrees with a plain recursive check on any JSON value', () => {
    const reference = (value: unknown, depth: number): boolean => {
      if (typeof value === 'string') return !value.includes('\u0000') && Buffer.from(value).toString() === value;
      if (typeof value === 'number') return Number.isFinite(value);
      if (typeof value !== 'object' || value === null) return true;
      if (depth > MAX_JSON_DEPTH) return false;
      return Object.entries(value).every(
        ([k, v]) => (Array.isArray(value) || reference(k, depth)) && reference(v, depth + 1),
      );
    };
    const text = fc.oneof(fc.string(), fc.constantFrom('\u0000', '\ud800', 'ok', '\udfff\ud800'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        tie('list'),
        tie('map'),
      ),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
    })).node;
    const deep = fc.tuple(fc.integer({ min: 28, max: 36 }), value).map(([depth, leaf]) => nested(depth, leaf));
    fc.assert(
      fc.property(fc.oneof(value, deep), (v) => {
        expect(findUnstorable(v) === null).toBe(reference(v, 1));
      }),
      { seed: 1, numRuns: 1000 },
    );
  });
});

describe('withoutNul', () => {
  it('removes NULs from keys and values and returns a clean form as it is', () => {
    const clean = { Body: 'STOP', From: '+358401234567' };
    expect(withoutNul(clean)).toBe(clean);
    expect(withoutNul({ Body: 'ST\u0000OP\u0000', 'Fr\u0000om': '+1' })).toEqual({ Body: 'STOP', From: '+1' });
  });
});
