import { alertRoutingSchema, notifyAddresses, routeAlert, type RouteDecision } from './routing';

const routing = alertRoutingSchema.parse({
  property: 'team',
  routes: {
    billing: { assignee: 'anna@example.com' },
    Support: { email: 'support-leads@example.com' },
    '42': { email: 'team42@example.com' },
  },
  fallback: { email: 'cx@example.com' },
});
const nested = alertRoutingSchema.parse({
  property: 'agent.team',
  routes: { billing: { assignee: 'anna@example.com' } },
});

describe('routeAlert', () => {
  it.each<[string, Record<string, unknown> | null, RouteDecision]>([
    [
      'a route',
      { team: 'billing' },
      { owner: { assignee: 'anna@example.com' }, via: 'route', routeKey: 'billing', value: 'billing' },
    ],
    [
      'another case and spaces',
      { team: ' BILLING ' },
      { owner: { assignee: 'anna@example.com' }, via: 'route', routeKey: 'billing', value: ' BILLING ' },
    ],
    [
      'a configured key in capitals',
      { team: 'support' },
      { owner: { email: 'support-leads@example.com' }, via: 'route', routeKey: 'Support', value: 'support' },
    ],
    [
      'a number value',
      { team: 42 },
      { owner: { email: 'team42@example.com' }, via: 'route', routeKey: '42', value: '42' },
    ],
    [
      'an unrouted value',
      { team: 'sales' },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: 'sales' },
    ],
    [
      'no such property',
      { region: 'north' },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: null },
    ],
    ['null properties', null, { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: null }],
    [
      'an object value',
      { team: { name: 'billing' } },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: null },
    ],
    [
      'an empty string',
      { team: '' },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: null },
    ],
    [
      'a list, first routed element',
      { team: ['vip', 'support', 'billing'] },
      { owner: { email: 'support-leads@example.com' }, via: 'route', routeKey: 'Support', value: 'support' },
    ],
    [
      'a list with no route',
      { team: ['vip', 'gold'] },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: 'vip' },
    ],
    [
      'a prototype key',
      { team: 'constructor' },
      { owner: { email: 'cx@example.com' }, via: 'fallback', routeKey: null, value: 'constructor' },
    ],
  ])('%s', (_what, properties, expected) => {
    expect(routeAlert(properties, routing)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, RouteDecision]>([
    [
      'a nested path',
      { agent: { team: 'billing' } },
      { owner: { assignee: 'anna@example.com' }, via: 'route', routeKey: 'billing', value: 'billing' },
    ],
    ['no fallback', { agent: { team: 'sales' } }, { owner: null, via: 'none', routeKey: null, value: 'sales' }],
    [
      'an inherited property',
      { agent: Object.create({ team: 'billing' }) },
      { owner: null, via: 'none', routeKey: null, value: null },
    ],
  ])('%s', (_what, properties, expected) => {
    expect(routeAlert(properties, nested)).toEqual(expected);
  });

  it('has no owner without routing', () => {
    expect(routeAlert({ team: 'billing' }, undefined)).toEqual({
      owner: null,
      via: 'none',
      routeKey: null,
      value: null,
    });
  });
});

describe('alertRoutingSchema', () => {
  it.each<[string, unknown, string]>([
    ['an owner with neither field', { property: 'team', routes: { billing: {} } }, 'routes.billing'],
    ['a bad address', { property: 'team', routes: { billing: { email: 'not-an-address' } } }, 'routes.billing.email'],
    ['a bad path', { property: 'team..name', routes: {} }, 'property'],
    ['a path with a space', { property: 'my team', routes: {} }, 'property'],
    [
      'two keys that are one value',
      { property: 'team', routes: { billing: { email: 'a@example.com' }, Billing: { email: 'b@example.com' } } },
      'routes.Billing',
    ],
    ['a bad fallback', { property: 'team', routes: {}, fallback: { assignee: 'anna' } }, 'fallback.assignee'],
    ['an unknown field', { property: 'team', routes: {}, default: {} }, ''],
  ])('refuses %s', (_what, input, path) => {
    const result = alertRoutingSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('notifyAddresses', () => {
  it.each<[Parameters<typeof notifyAddresses>[0], string[]]>([
    [null, []],
    [{ assignee: 'anna@example.com' }, ['anna@example.com']],
    [{ email: 'team@example.com' }, ['team@example.com']],
    [{ assignee: 'anna@example.com', email: 'team@example.com' }, ['anna@example.com', 'team@example.com']],
    [{ assignee: 'anna@example.com', email: 'anna@example.com' }, ['anna@example.com']],
  ])('%p → %p', (owner, expected) => {
    expect(notifyAddresses(owner)).toEqual(expected);
  });
});
