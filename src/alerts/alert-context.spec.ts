import { alertContextOf } from './alert-context';

describe('alertContextOf', () => {
  it.each([
    [
      { team: 'Billing', agent: 'Aino', touchpoint: 'phone' },
      'ticket.closed',
      { team: 'Billing', agent: 'Aino', touchpoint: 'phone' },
    ],
    [
      { agent: { name: 'Aino', team: 'Billing' } },
      'ticket.closed',
      { team: 'Billing', agent: 'Aino', touchpoint: 'ticket.closed' },
    ],
    [
      { agentId: 42, teamName: ' Support ' },
      'order.delivered',
      { team: 'Support', agent: '42', touchpoint: 'order.delivered' },
    ],
    [{ team: '', agent: null }, null, { team: null, agent: null, touchpoint: null }],
    [null, 'x', { team: null, agent: null, touchpoint: 'x' }],
    [{ team: ['a'], agent: true }, 'x', { team: null, agent: null, touchpoint: 'x' }],
  ])('%j (%s) → %j', (properties, eventType, expected) => {
    expect(alertContextOf(properties as Record<string, unknown> | null, eventType)).toEqual(expected);
  });

  it('reads own properties only', () => {
    expect(alertContextOf(JSON.parse('{"__proto__": {"team": "x"}}'), null).team).toBeNull();
  });
});
