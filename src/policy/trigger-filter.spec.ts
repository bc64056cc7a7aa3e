import {
  type FilterClause,
  FilterSyntaxError,
  matchesFilter,
  matchesTrigger,
  parseFilterExpression,
  type TriggerEvent,
  validateFilterClauses,
} from './trigger-filter';

const event: TriggerEvent = {
  type: 'order.completed',
  properties: {
    team: 'billing',
    channel: 'chat',
    count: 5,
    countStr: '5',
    total: '129.90',
    label: 'abc',
    order: { total: 250, items: [{ sku: 'A1' }] },
    tags: ['a', 'b'],
    flag: true,
    off: false,
    nothing: null,
    zero: 0,
    empty: '',
  },
  contact: { attributes: { tier: 'gold', seats: 12 }, locale: 'fi-FI' },
};

describe('matchesFilter: single clauses', () => {
  it.each<[string, FilterClause, boolean]>([
    ['eq string', { field: 'properties.team', op: 'eq', value: 'billing' }, true],
    ['eq string mismatch', { field: 'properties.team', op: 'eq', value: 'support' }, false],
    ['eq is case-sensitive', { field: 'properties.team', op: 'eq', value: 'Billing' }, false],
    ['eq number property, string value', { field: 'properties.count', op: 'eq', value: '5' }, true],
    ['eq string property, number value', { field: 'properties.countStr', op: 'eq', value: 5 }, true],
    ['eq nested number', { field: 'properties.order.total', op: 'eq', value: 250 }, true],
    ['eq array index', { field: 'properties.order.items.0.sku', op: 'eq', value: 'A1' }, true],
    ['eq boolean', { field: 'properties.flag', op: 'eq', value: true }, true],
    ['eq boolean by string form', { field: 'properties.flag', op: 'eq', value: 'true' }, true],
    ['eq false', { field: 'properties.off', op: 'eq', value: false }, true],
    ['eq zero', { field: 'properties.zero', op: 'eq', value: 0 }, true],
    ['eq empty string', { field: 'properties.empty', op: 'eq', value: '' }, true],
    ['eq zero is not empty string', { field: 'properties.empty', op: 'eq', value: 0 }, false],
    ['eq missing', { field: 'properties.missing', op: 'eq', value: 'x' }, false],
    ['eq null property', { field: 'properties.nothing', op: 'eq', value: 'null' }, false],
    ['eq object property', { field: 'properties.order', op: 'eq', value: '[object Object]' }, false],
    ['eq object value', { field: 'properties.team', op: 'eq', value: { team: 'billing' } }, false],
    ['eq type', { field: 'type', op: 'eq', value: 'order.completed' }, true],
    ['eq contact attribute', { field: 'contact.attributes.tier', op: 'eq', value: 'gold' }, true],
    ['eq contact locale', { field: 'contact.locale', op: 'eq', value: 'fi-FI' }, true],
    ['neq mismatch', { field: 'properties.team', op: 'neq', value: 'support' }, true],
    ['neq match', { field: 'properties.team', op: 'neq', value: 'billing' }, false],
    ['neq coerces', { field: 'properties.count', op: 'neq', value: '5' }, false],
    ['neq missing field', { field: 'properties.missing', op: 'neq', value: 'x' }, true],
    ['in hit', { field: 'properties.team', op: 'in', value: ['billing', 'support'] }, true],
    ['in miss', { field: 'properties.team', op: 'in', value: ['sales'] }, false],
    ['in coerces', { field: 'properties.count', op: 'in', value: ['4', '5'] }, true],
    ['in missing field', { field: 'properties.missing', op: 'in', value: ['x'] }, false],
    ['in with non-array value', { field: 'properties.team', op: 'in', value: 'billing' }, false],
    ['nin miss', { field: 'properties.team', op: 'nin', value: ['sales', 'support'] }, true],
    ['nin hit', { field: 'properties.team', op: 'nin', value: ['billing'] }, false],
    ['nin missing field', { field: 'properties.missing', op: 'nin', value: ['x'] }, true],
    ['nin with non-array value', { field: 'properties.team', op: 'nin', value: 'sales' }, false],
    ['exists present', { field: 'properties.team', op: 'exists' }, true],
    ['exists with true', { field: 'properties.team', op: 'exists', value: true }, true],
    ['exists missing', { field: 'properties.missing', op: 'exists' }, false],
    ['exists null', { field: 'properties.nothing', op: 'exists' }, false],
    ['exists zero', { field: 'properties.zero', op: 'exists' }, true],
    ['exists empty string', { field: 'properties.empty', op: 'exists' }, true],
    ['exists false boolean', { field: 'properties.off', op: 'exists' }, true],
    ['exists object', { field: 'properties.order', op: 'exists' }, true],
    ['exists below a scalar', { field: 'properties.team.length', op: 'exists' }, false],
    ['not exists on missing', { field: 'properties.missing', op: 'exists', value: false }, true],
    ['not exists on null', { field: 'properties.nothing', op: 'exists', value: false }, true],
    ['not exists on present', { field: 'properties.team', op: 'exists', value: false }, false],
    ['gt number', { field: 'properties.count', op: 'gt', value: 4 }, true],
    ['gt boundary', { field: 'properties.count', op: 'gt', value: 5 }, false],
    ['gte boundary', { field: 'properties.count', op: 'gte', value: 5 }, true],
    ['lt boundary', { field: 'properties.count', op: 'lt', value: 5 }, false],
    ['lte boundary', { field: 'properties.count', op: 'lte', value: 5 }, true],
    ['lt number', { field: 'properties.count', op: 'lt', value: 10 }, true],
    ['gt numeric string property', { field: 'properties.total', op: 'gt', value: 100 }, true],
    ['lt numeric string property', { field: 'properties.total', op: 'lt', value: 129.9 }, false],
    ['gte nested', { field: 'properties.order.total', op: 'gte', value: 250 }, true],
    ['gt contact attribute', { field: 'contact.attributes.seats', op: 'gt', value: 10 }, true],
    ['gt non-numeric string', { field: 'properties.label', op: 'gt', value: 0 }, false],
    ['gt empty string', { field: 'properties.empty', op: 'gte', value: 0 }, false],
    ['gt boolean', { field: 'properties.flag', op: 'gt', value: 0 }, false],
    ['gt null', { field: 'properties.nothing', op: 'lt', value: 1 }, false],
    ['gt missing', { field: 'properties.missing', op: 'lt', value: 1 }, false],
    ['gt object', { field: 'properties.order', op: 'gt', value: 0 }, false],
    ['gt non-numeric value', { field: 'properties.count', op: 'gt', value: 'abc' }, false],
    ['gt missing value', { field: 'properties.count', op: 'gt' }, false],
    ['no prototype lookup: constructor', { field: 'properties.constructor', op: 'exists' }, false],
    ['no prototype lookup: __proto__', { field: 'properties.__proto__', op: 'exists' }, false],
    ['no prototype lookup: toString', { field: 'contact.attributes.toString', op: 'exists' }, false],
    ['unknown op never matches', { field: 'properties.team', op: 'contains' as 'eq', value: 'bill' }, false],
  ])('%s', (_label, clause, expected) => {
    expect(matchesFilter(event, [clause])).toBe(expected);
  });
});

describe('matchesFilter: combining and edge events', () => {
  const team: FilterClause = { field: 'properties.team', op: 'eq', value: 'billing' };
  const chat: FilterClause = { field: 'properties.channel', op: 'eq', value: 'chat' };
  const email: FilterClause = { field: 'properties.channel', op: 'eq', value: 'email' };

  it.each<[string, FilterClause[], boolean]>([
    ['no clauses match everything', [], true],
    ['all clauses hold', [team, chat], true],
    ['one clause fails', [team, email], false],
    ['order does not matter', [email, team], false],
  ])('%s', (_label, clauses, expected) => {
    expect(matchesFilter(event, clauses)).toBe(expected);
  });

  it.each<[string, TriggerEvent]>([
    ['no contact', { type: 't', properties: {} }],
    ['null contact', { type: 't', properties: {}, contact: null }],
    ['contact without attributes', { type: 't', properties: {}, contact: { locale: 'en' } }],
    ['null attributes', { type: 't', properties: {}, contact: { attributes: null } }],
  ])('contact paths simply do not exist: %s', (_label, e) => {
    expect(matchesFilter(e, [{ field: 'contact.attributes.tier', op: 'exists' }])).toBe(false);
    expect(matchesFilter(e, [{ field: 'contact.attributes.tier', op: 'exists', value: false }])).toBe(true);
    expect(matchesFilter(e, [{ field: 'contact.attributes.tier', op: 'eq', value: 'gold' }])).toBe(false);
  });
});

describe('matchesTrigger', () => {
  it.each<[string, { eventType: string; filter?: FilterClause[] }, boolean]>([
    ['type matches, no filter', { eventType: 'order.completed' }, true],
    ['type matches, empty filter', { eventType: 'order.completed', filter: [] }, true],
    ['type differs', { eventType: 'order.created' }, false],
    ['type is exact, not prefix', { eventType: 'order' }, false],
    [
      'type matches, filter passes',
      { eventType: 'order.completed', filter: [{ field: 'properties.team', op: 'eq', value: 'billing' }] },
      true,
    ],
    [
      'type matches, filter fails',
      { eventType: 'order.completed', filter: [{ field: 'properties.team', op: 'eq', value: 'sales' }] },
      false,
    ],
    [
      'type differs, filter passes',
      { eventType: 'ticket.closed', filter: [{ field: 'properties.team', op: 'exists' }] },
      false,
    ],
  ])('%s', (_label, trigger, expected) => {
    expect(matchesTrigger(event, trigger)).toBe(expected);
  });
});

describe('parseFilterExpression: valid input', () => {
  it.each<[string, FilterClause[]]>([
    ['', []],
    ['   \n ', []],
    [
      'properties.team in ["billing","support"] and properties.channel = "chat"',
      [
        { field: 'properties.team', op: 'in', value: ['billing', 'support'] },
        { field: 'properties.channel', op: 'eq', value: 'chat' },
      ],
    ],
    ['properties.team = billing', [{ field: 'properties.team', op: 'eq', value: 'billing' }]],
    ['properties.count = 5', [{ field: 'properties.count', op: 'eq', value: 5 }]],
    ['properties.count = "5"', [{ field: 'properties.count', op: 'eq', value: '5' }]],
    ['properties.code = 007', [{ field: 'properties.code', op: 'eq', value: '007' }]],
    ['properties.flag = true', [{ field: 'properties.flag', op: 'eq', value: true }]],
    ['properties.flag = false', [{ field: 'properties.flag', op: 'eq', value: false }]],
    ['properties.flag = "true"', [{ field: 'properties.flag', op: 'eq', value: 'true' }]],
    ['properties.flag = True', [{ field: 'properties.flag', op: 'eq', value: 'True' }]],
    ['properties.channel != "email"', [{ field: 'properties.channel', op: 'neq', value: 'email' }]],
    ['properties.total > 5', [{ field: 'properties.total', op: 'gt', value: 5 }]],
    ['properties.total >= -1.5', [{ field: 'properties.total', op: 'gte', value: -1.5 }]],
    ['properties.total < 1e3', [{ field: 'properties.total', op: 'lt', value: 1000 }]],
    ['properties.total <= 0', [{ field: 'properties.total', op: 'lte', value: 0 }]],
    ['properties.total>=10', [{ field: 'properties.total', op: 'gte', value: 10 }]],
    ['properties.team=billing', [{ field: 'properties.team', op: 'eq', value: 'billing' }]],
    ['properties.x not in [1, "two", three]', [{ field: 'properties.x', op: 'nin', value: [1, 'two', 'three'] }]],
    ['properties.x in [ 1 ]', [{ field: 'properties.x', op: 'in', value: [1] }]],
    ['properties.x exists', [{ field: 'properties.x', op: 'exists' }]],
    ['properties.x not exists', [{ field: 'properties.x', op: 'exists', value: false }]],
    [
      'type = order.completed AND properties.x IN [a] And contact.locale NOT EXISTS and properties.y Not In [b]',
      [
        { field: 'type', op: 'eq', value: 'order.completed' },
        { field: 'properties.x', op: 'in', value: ['a'] },
        { field: 'contact.locale', op: 'exists', value: false },
        { field: 'properties.y', op: 'nin', value: ['b'] },
      ],
    ],
    [
      'properties.note = "fish and chips" and properties.team = x',
      [
        { field: 'properties.note', op: 'eq', value: 'fish and chips' },
        { field: 'properties.team', op: 'eq', value: 'x' },
      ],
    ],
    ['properties.x in ["a and b", "c"]', [{ field: 'properties.x', op: 'in', value: ['a and b', 'c'] }]],
    ['properties.q = "say \\"hi\\""', [{ field: 'properties.q', op: 'eq', value: 'say "hi"' }]],
    ['properties.q = "tab\\there"', [{ field: 'properties.q', op: 'eq', value: 'tab\there' }]],
    ['properties.q = ""', [{ field: 'properties.q', op: 'eq', value: '' }]],
    ['properties.brand = android', [{ field: 'properties.brand', op: 'eq', value: 'android' }]],
    ['properties.tiimi = "Asiakaspalvelu ä"', [{ field: 'properties.tiimi', op: 'eq', value: 'Asiakaspalvelu ä' }]],
    ['properties.käyttäjä_tyyppi exists', [{ field: 'properties.käyttäjä_tyyppi', op: 'exists' }]],
    [
      'contact.attributes.tier in [gold, platinum]',
      [{ field: 'contact.attributes.tier', op: 'in', value: ['gold', 'platinum'] }],
    ],
    ['properties.order.items.0.sku = A1', [{ field: 'properties.order.items.0.sku', op: 'eq', value: 'A1' }]],
    [
      '  properties.a = 1\n\tand\tproperties.b = 2  ',
      [
        { field: 'properties.a', op: 'eq', value: 1 },
        { field: 'properties.b', op: 'eq', value: 2 },
      ],
    ],
  ])('%p', (expr, expected) => {
    const clauses = parseFilterExpression(expr);
    expect(clauses).toEqual(expected);
    expect(validateFilterClauses(clauses)).toEqual([]);
  });

  it('produces clauses that match as written', () => {
    const clauses = parseFilterExpression(
      'properties.team in [billing, support] and properties.order.total >= 250 and contact.attributes.tier != silver',
    );
    expect(matchesFilter(event, clauses)).toBe(true);
    expect(matchesFilter({ ...event, properties: { ...event.properties, team: 'sales' } }, clauses)).toBe(false);
  });
});

describe('parseFilterExpression: long input', () => {
  it('handles thousands of clauses', () => {
    const expr = Array.from({ length: 5000 }, (_, i) => `properties.k${i} = "v ${i}"`).join(' and ');
    const clauses = parseFilterExpression(expr);
    expect(clauses).toHaveLength(5000);
    expect(clauses[4999]).toEqual({ field: 'properties.k4999', op: 'eq', value: 'v 4999' });
  });

  it('reports an unterminated long string', () => {
    expect(() => parseFilterExpression(`properties.a = "${'x'.repeat(100_000)}`)).toThrow(
      /Unterminated string starting at column 16/,
    );
  });
});

describe('parseFilterExpression: errors', () => {
  it.each<[string, RegExp, number]>([
    ['team = billing', /^Clause 1: expected a field .* found "team"/, 1],
    ['properties..a = 1', /Clause 1: expected a field/, 1],
    ['properties.team', /Clause 1: expected an operator .* after "properties.team", found end of expression/, 16],
    ['properties.team =', /Clause 1: expected a value, found end of expression/, 18],
    ['properties.team = and', /Clause 1: expected a value, found "and"/, 19],
    ['properties.team = customer success', /Clause 1: expected "and" .*quote.* found "success"/, 28],
    ['properties.a = 1 or properties.b = 2', /Clause 1: expected "and".* found "or"/, 18],
    ['properties.a = 1 and', /Clause 2: expected a field.* end of expression/, 21],
    ['properties.a = 1 and properties.b', /Clause 2: expected an operator/, 34],
    ['properties.a = 1 and properties.b = 2 and properties.c ~ 3', /Clause 3: expected an operator .* found "~"/, 56],
    ['properties.a = "open', /Unterminated string/, 16],
    ['properties.a = "bad \\q"', /Invalid escape or control character/, 16],
    ['properties.a = "line\nbreak"', /Invalid escape or control character/, 16],
    ["properties.a = 'x'", /double quotes/, 16],
    ['properties.a in []', /at least one value/, 18],
    ['properties.a in [1,]', /expected a value, found "]"/, 20],
    ['properties.a in [1 2]', /expected "," or "]"/, 20],
    ['properties.a in [1', /expected "," or "]".*end of expression/, 19],
    ['properties.a in 1', /expected "\["/, 17],
    ['properties.a > "5"', /">" compares numbers.* found "5"/, 16],
    ['properties.a <= abc', /"<=" compares numbers/, 17],
    ['properties.a ! 5', /Unexpected character "!"/, 14],
    ['properties.a not 5', /after "not"/, 18],
    ['properties.a = null', /exists/, 16],
    ['properties.a == 5', /expected a value, found "="/, 15],
  ])('%p', (expr, message, column) => {
    let caught: unknown;
    try {
      parseFilterExpression(expr);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FilterSyntaxError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as FilterSyntaxError;
    expect(err.name).toBe('FilterSyntaxError');
    expect(err.message).toMatch(message);
    expect(err.column).toBe(column);
    expect(err.message).toContain(`column ${column}`);
  });
});

describe('validateFilterClauses', () => {
  it('accepts well-formed clauses', () => {
    expect(
      validateFilterClauses([
        { field: 'type', op: 'eq', value: 'order.completed' },
        { field: 'properties.team', op: 'neq', value: 'x' },
        { field: 'properties.n', op: 'eq', value: 5 },
        { field: 'properties.b', op: 'eq', value: false },
        { field: 'properties.team', op: 'in', value: ['a', 1, true] },
        { field: 'properties.team', op: 'nin', value: ['a'] },
        { field: 'properties.team', op: 'exists' },
        { field: 'properties.team', op: 'exists', value: false },
        { field: 'properties.total', op: 'gt', value: 1.5 },
        { field: 'properties.total', op: 'gte', value: 0 },
        { field: 'properties.total', op: 'lt', value: -1 },
        { field: 'contact.attributes.seats', op: 'lte', value: 10 },
        { field: 'contact.locale', op: 'eq', value: 'fi' },
      ]),
    ).toEqual([]);
    expect(validateFilterClauses([])).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['string instead of array', 'properties.a = 1', ['']],
    ['object instead of array', { field: 'type', op: 'eq', value: 'x' }, ['']],
    ['null', null, ['']],
    ['null clause', [null], ['0']],
    ['array clause', [['type', 'eq', 'x']], ['0']],
    ['string clause', ['type = x'], ['0']],
    ['missing field', [{ op: 'eq', value: 'x' }], ['0.field']],
    ['field without root', [{ field: 'team', op: 'eq', value: 'x' }], ['0.field']],
    ['empty field', [{ field: '', op: 'eq', value: 'x' }], ['0.field']],
    ['field with empty segment', [{ field: 'properties..a', op: 'eq', value: 'x' }], ['0.field']],
    ['numeric field', [{ field: 5, op: 'eq', value: 'x' }], ['0.field']],
    ['unknown op', [{ field: 'type', op: 'contains', value: 'x' }], ['0.op']],
    ['missing op', [{ field: 'type', value: 'x' }], ['0.op']],
    ['eq without value', [{ field: 'type', op: 'eq' }], ['0.value']],
    ['eq with null', [{ field: 'type', op: 'eq', value: null }], ['0.value']],
    ['eq with object', [{ field: 'type', op: 'eq', value: { a: 1 } }], ['0.value']],
    ['eq with array', [{ field: 'type', op: 'eq', value: ['x'] }], ['0.value']],
    ['neq with NaN', [{ field: 'type', op: 'neq', value: Number.NaN }], ['0.value']],
    ['in with scalar', [{ field: 'type', op: 'in', value: 'x' }], ['0.value']],
    ['in with empty array', [{ field: 'type', op: 'in', value: [] }], ['0.value']],
    ['nin with bad items', [{ field: 'type', op: 'nin', value: ['a', { b: 1 }, null] }], ['0.value.1', '0.value.2']],
    ['exists with string', [{ field: 'type', op: 'exists', value: 'yes' }], ['0.value']],
    ['gt with numeric string', [{ field: 'properties.n', op: 'gt', value: '5' }], ['0.value']],
    ['lte without value', [{ field: 'properties.n', op: 'lte' }], ['0.value']],
    ['gte with Infinity', [{ field: 'properties.n', op: 'gte', value: Infinity }], ['0.value']],
    ['unknown key', [{ field: 'type', op: 'in', values: ['x'] }], ['0.values', '0.value']],
    [
      'several bad clauses',
      [
        { field: 'type', op: 'eq', value: 'ok' },
        { field: 'nope', op: 'bad' },
        { field: 'properties.n', op: 'lt', value: 'x' },
      ],
      ['1.field', '1.op', '2.value'],
    ],
  ])('%s', (_label, input, paths) => {
    const issues = validateFilterClauses(input);
    expect(issues.map((i) => i.path)).toEqual(paths);
    for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
  });

  it('names the expected shapes in messages', () => {
    const messages = (input: unknown) => validateFilterClauses(input).map((i) => i.message);
    expect(messages('x')).toEqual([expect.stringMatching(/array/)]);
    expect(messages([{ field: 'team', op: 'eq', value: 1 }])).toEqual([expect.stringMatching(/properties\.team/)]);
    expect(messages([{ field: 'type', op: 'like', value: 1 }])).toEqual([
      expect.stringMatching(/eq, neq, in, nin, exists, gt, gte, lt, lte/),
    ]);
    expect(messages([{ field: 'type', op: 'gt', value: 'x' }])).toEqual([expect.stringMatching(/number/)]);
  });

  it('prefixes paths with basePath', () => {
    expect(validateFilterClauses('x', 'trigger.filter')).toEqual([
      { path: 'trigger.filter', message: expect.any(String) },
    ]);
    expect(validateFilterClauses([{ field: 'type', op: 'x' }], 'trigger.filter').map((i) => i.path)).toEqual([
      'trigger.filter.0.op',
    ]);
  });
});
