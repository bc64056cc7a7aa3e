import { type AlertingResponse, type LinkCandidate, type LinkDecision, linkOrCreate } from './alert-link';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-20T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

const alert = (over: Partial<LinkCandidate> = {}): LinkCandidate => ({
  alertId: 'a1',
  campaignId: 'c1',
  contactId: 'k1',
  status: 'open',
  createdAt: daysAgo(5),
  lastResponseAt: daysAgo(5),
  responseIds: ['r1'],
  ...over,
});
const reply: AlertingResponse = { responseId: 'r2', campaignId: 'c1', contactId: 'k1', at: NOW };

describe('linkOrCreate', () => {
  it.each<[string, LinkCandidate[] | LinkCandidate | null, Partial<AlertingResponse>, LinkDecision]>([
    ['no earlier alert', null, {}, { action: 'create', reason: 'no_open_alert' }],
    ['an open alert of the contact', alert(), {}, { action: 'link', alertId: 'a1' }],
    ['an acknowledged alert', alert({ status: 'acknowledged' }), {}, { action: 'link', alertId: 'a1' }],
    ['a resolved alert: a new case', alert({ status: 'resolved' }), {}, { action: 'create', reason: 'no_open_alert' }],
    ['another campaign', alert({ campaignId: 'c2' }), {}, { action: 'create', reason: 'no_open_alert' }],
    ['another contact', alert({ contactId: 'k2' }), {}, { action: 'create', reason: 'no_open_alert' }],
    ['an anonymous response', alert(), { contactId: null }, { action: 'create', reason: 'anonymous' }],
    [
      'exactly 30 days since the last response',
      alert({ lastResponseAt: daysAgo(30) }),
      {},
      { action: 'link', alertId: 'a1' },
    ],
    [
      '31 days since the last response',
      alert({ lastResponseAt: daysAgo(31) }),
      {},
      { action: 'create', reason: 'outside_window' },
    ],
    [
      'old alert, recent linked response (rolling window)',
      alert({ createdAt: daysAgo(80), lastResponseAt: daysAgo(10) }),
      {},
      { action: 'link', alertId: 'a1' },
    ],
    [
      'a response processed late, before the last one',
      alert({ lastResponseAt: daysAgo(-1) }),
      {},
      { action: 'link', alertId: 'a1' },
    ],
    [
      'the same response again (a retried job)',
      alert({ responseIds: ['r1', 'r2'] }),
      {},
      { action: 'already_linked', alertId: 'a1' },
    ],
    [
      'the same response on a resolved alert',
      alert({ status: 'resolved', responseIds: ['r2'] }),
      {},
      { action: 'already_linked', alertId: 'a1' },
    ],
    [
      'two live alerts: the most recently active',
      [
        alert({ alertId: 'old', lastResponseAt: daysAgo(20) }),
        alert({ alertId: 'new', lastResponseAt: daysAgo(2) }),
        alert({ alertId: 'done', status: 'resolved', lastResponseAt: daysAgo(1) }),
      ],
      {},
      { action: 'link', alertId: 'new' },
    ],
    ['an empty list', [], {}, { action: 'create', reason: 'no_open_alert' }],
  ])('%s', (_what, existing, over, expected) => {
    expect(linkOrCreate(existing, { ...reply, ...over })).toEqual(expected);
  });

  it.each<[number, number, LinkDecision['action']]>([
    [7, 6, 'link'],
    [7, 8, 'create'],
    [0, 0, 'link'],
  ])('window %i days, last response %i days ago → %s', (window, ago, action) => {
    expect(linkOrCreate(alert({ lastResponseAt: daysAgo(ago) }), reply, window).action).toBe(action);
  });
});
