import { AlertAudience, alertVisibleTo, parseAlertChange, responseVisibleTo } from './inbox-live';

const WS = '8f0c6a3e-5b1d-4c7a-9e2f-1a2b3c4d5e6f';
const ID = '0b7d2c4e-1f3a-4b5c-8d9e-0a1b2c3d4e5f';

describe('parseAlertChange', () => {
  it('reads what the triggers send', () => {
    expect(parseAlertChange(`alert:insert:${WS}:${ID}`)).toEqual({ change: 'created', workspaceId: WS, alertId: ID });
    expect(parseAlertChange(`alert:update:${WS.toUpperCase()}:${ID}`)).toEqual({
      change: 'updated',
      workspaceId: WS,
      alertId: ID,
    });
  });

  it.each([[`${WS}:${ID}`], [`alert:delete:${WS}:${ID}`], [`alert:insert:${WS}`], [''], [undefined]])(
    'ignores %j',
    (payload) => {
      expect(parseAlertChange(payload)).toBeNull();
    },
  );
});

describe('alertVisibleTo', () => {
  const bea = { team: 'billing', email: 'bea@acme.fi', agentId: null };
  const alert: AlertAudience = { team: null, assignee: null, notifyTo: [], agent: null };

  it.each<[string, Partial<AlertAudience>, boolean]>([
    ['their team, in any case', { team: 'Billing' }, true],
    ['assigned to them', { assignee: 'BEA@acme.fi' }, true],
    ['routed to their address', { notifyTo: ['cx@acme.fi', 'bea@acme.fi'] }, true],
    ['another team', { team: 'support' }, false],
    ['nobody’s', {}, false],
  ])('%s', (_label, a, visible) => {
    expect(alertVisibleTo({ ...alert, ...a }, bea)).toBe(visible);
  });

  it('matches their agent id, and never a missing one', () => {
    expect(alertVisibleTo({ ...alert, agent: 'a-42' }, { ...bea, agentId: 'A-42' })).toBe(true);
    expect(alertVisibleTo({ ...alert, agent: null }, { ...bea, team: null })).toBe(false);
  });
});

describe('responseVisibleTo', () => {
  it('is their team exactly, and nothing for an agent without one', () => {
    const scope = { team: 'billing', email: 'bea@acme.fi', agentId: null };
    expect(responseVisibleTo('billing', scope)).toBe(true);
    expect(responseVisibleTo('Billing', scope)).toBe(false);
    expect(responseVisibleTo(null, { ...scope, team: null })).toBe(false);
  });
});
