import {
  type AlertAction,
  type AlertState,
  type AlertStatus,
  newAlertState,
  transition,
  type TransitionResult,
} from './workflow';

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Applies actions one after another; fails the test on the first refusal. */
function run(actions: Array<[AlertAction, number]>, start = newAlertState(T0)): AlertState {
  return actions.reduce((alert, [action, minute]) => {
    const result = transition(alert, action, at(minute), 'lead@example.com');
    if (!result.ok) throw new Error(result.error.message);
    return result.alert;
  }, start);
}

const inStatus = (status: AlertStatus): AlertState => {
  if (status === 'open') return newAlertState(T0);
  if (status === 'acknowledged') return run([[{ type: 'acknowledge' }, 10]]);
  return run([
    [{ type: 'acknowledge' }, 10],
    [{ type: 'resolve', code: 'called_back' }, 60],
  ]);
};

describe('transition: which actions each status allows', () => {
  it.each<[AlertStatus, AlertAction, AlertStatus | string]>([
    ['open', { type: 'acknowledge' }, 'acknowledged'],
    ['open', { type: 'resolve', code: 'refund' }, 'resolved'],
    ['open', { type: 'reopen' }, 'no_change: The alert is already open.'],
    ['open', { type: 'assign', assignee: 'anna@example.com' }, 'open'],
    ['open', { type: 'note', note: 'Tried once' }, 'open'],
    ['acknowledged', { type: 'acknowledge' }, 'no_change: The alert is already acknowledged.'],
    ['acknowledged', { type: 'resolve', code: 'no_action' }, 'resolved'],
    ['acknowledged', { type: 'reopen' }, 'open'],
    ['acknowledged', { type: 'assign', assignee: 'anna@example.com' }, 'acknowledged'],
    ['acknowledged', { type: 'note', note: 'Left a voicemail' }, 'acknowledged'],
    [
      'resolved',
      { type: 'acknowledge' },
      'invalid_transition: A resolved alert cannot be acknowledged. Reopen it first.',
    ],
    ['resolved', { type: 'resolve', code: 'refund' }, 'no_change: The alert is already resolved.'],
    ['resolved', { type: 'reopen', note: 'Customer called again' }, 'open'],
    [
      'resolved',
      { type: 'assign', assignee: 'anna@example.com' },
      'invalid_transition: A resolved alert cannot be reassigned. Reopen it first.',
    ],
    ['resolved', { type: 'note', note: 'Follow-up: happy now' }, 'resolved'],
  ])('%s + %p → %s', (status, action, expected) => {
    const result = transition(inStatus(status), action, at(120), 'anna@example.com');
    expect(result.ok ? result.alert.status : `${result.error.code}: ${result.error.message}`).toBe(expected);
    if (!result.ok) expect(result.error.status).toBe(409);
  });
});

describe('transition: timestamps and history', () => {
  it('records acknowledge and resolve times, the code and who did what', () => {
    const alert = run([
      [{ type: 'assign', assignee: 'anna@example.com' }, 5],
      [{ type: 'acknowledge', note: 'On it' }, 30],
      [{ type: 'resolve', code: 'called_back', note: 'Refund promised' }, 90],
    ]);
    expect(alert).toMatchObject({
      status: 'resolved',
      assignee: 'anna@example.com',
      acknowledgedAt: at(30),
      resolvedAt: at(90),
      resolutionCode: 'called_back',
      reopenCount: 0,
    });
    expect(alert.history).toEqual([
      {
        at: at(5),
        actor: 'lead@example.com',
        action: 'assign',
        from: 'open',
        to: 'open',
        assigneeBefore: null,
        assigneeAfter: 'anna@example.com',
      },
      { at: at(30), actor: 'lead@example.com', action: 'acknowledge', from: 'open', to: 'acknowledged', note: 'On it' },
      {
        at: at(90),
        actor: 'lead@example.com',
        action: 'resolve',
        from: 'acknowledged',
        to: 'resolved',
        note: 'Refund promised',
        code: 'called_back',
      },
    ]);
  });

  it('counts resolving straight from open as acknowledged at the same time', () => {
    expect(run([[{ type: 'resolve', code: 'refund' }, 15]])).toMatchObject({
      acknowledgedAt: at(15),
      resolvedAt: at(15),
    });
  });

  it('keeps the first acknowledgement and clears the resolution on reopen', () => {
    const alert = run([
      [{ type: 'acknowledge' }, 10],
      [{ type: 'resolve', code: 'called_back' }, 60],
      [{ type: 'reopen', note: 'Called again' }, 600],
    ]);
    expect(alert).toMatchObject({
      status: 'open',
      acknowledgedAt: at(10),
      resolvedAt: null,
      resolutionCode: null,
      reopenCount: 1,
    });
    const again = run(
      [
        [{ type: 'acknowledge' }, 700],
        [{ type: 'resolve', code: 'refund' }, 800],
      ],
      alert,
    );
    expect(again).toMatchObject({
      acknowledgedAt: at(10),
      resolvedAt: at(800),
      resolutionCode: 'refund',
      reopenCount: 1,
    });
    expect(again.history.map((e) => `${e.action}:${e.from}→${e.to}`)).toEqual([
      'acknowledge:open→acknowledged',
      'resolve:acknowledged→resolved',
      'reopen:resolved→open',
      'acknowledge:open→acknowledged',
      'resolve:acknowledged→resolved',
    ]);
  });

  it('hands an acknowledged alert back to the queue, keeping its assignee', () => {
    const alert = run([
      [{ type: 'assign', assignee: 'anna@example.com' }, 1],
      [{ type: 'acknowledge' }, 2],
      [{ type: 'reopen' }, 3],
    ]);
    expect(alert).toMatchObject({
      status: 'open',
      assignee: 'anna@example.com',
      acknowledgedAt: at(2),
      reopenCount: 1,
    });
  });

  it('moves a time earlier than the last event up to it', () => {
    const acked = run([[{ type: 'acknowledge' }, 30]]);
    const result = transition(acked, { type: 'resolve', code: 'refund' }, at(29), 'x');
    expect(result.ok && result.alert.resolvedAt).toEqual(at(30));
    const early = transition(newAlertState(T0), { type: 'acknowledge' }, at(-5), 'x');
    expect(early.ok && early.alert.acknowledgedAt).toEqual(T0);
  });

  it('does not change the alert it was given', () => {
    const alert = newAlertState(T0);
    transition(alert, { type: 'acknowledge' }, at(1), 'x');
    expect(alert).toEqual(newAlertState(T0));
  });

  it('returns the history entry to store', () => {
    const result = transition(
      newAlertState(T0),
      { type: 'note', note: '  Called, no answer  ' },
      at(3),
      'anna@example.com',
    );
    expect(result.ok && result.event).toEqual({
      at: at(3),
      actor: 'anna@example.com',
      action: 'note',
      from: 'open',
      to: 'open',
      note: 'Called, no answer',
    });
  });
});

describe('transition: assignment', () => {
  it.each<[string | null, string | null, string]>([
    [null, 'anna@example.com', 'anna@example.com'],
    ['anna@example.com', 'ben@example.com', 'ben@example.com'],
    ['anna@example.com', null, 'null'],
    ['anna@example.com', '  ', 'null'],
    ['anna@example.com', 'anna@example.com', 'no_change: The alert is already assigned to anna@example.com.'],
    [null, null, 'no_change: The alert is already unassigned.'],
  ])('%p → %p gives %s', (before, after, expected) => {
    const result = transition(newAlertState(T0, before), { type: 'assign', assignee: after }, at(1), 'x');
    expect(result.ok ? String(result.alert.assignee) : `${result.error.code}: ${result.error.message}`).toBe(expected);
  });
});

describe('transition: validation', () => {
  const refusal = (r: TransitionResult) => (r.ok ? 'ok' : `${r.error.status} ${r.error.code}: ${r.error.message}`);

  it.each<[string, AlertAction, string | undefined, string]>([
    ['a default code', { type: 'resolve', code: 'could_not_reach' }, undefined, 'ok'],
    [
      'an unknown code',
      { type: 'resolve', code: 'shrug' },
      undefined,
      '422 unknown_resolution_code: Unknown resolution code "shrug"; use one of called_back, refund, no_action, could_not_reach.',
    ],
    ['a workspace code', { type: 'resolve', code: 'voucher' }, 'voucher,apology', 'ok'],
    [
      'a default code the workspace dropped',
      { type: 'resolve', code: 'refund' },
      'voucher,apology',
      '422 unknown_resolution_code: Unknown resolution code "refund"; use one of voucher, apology.',
    ],
    ['an empty note', { type: 'note', note: '   ' }, undefined, '422 invalid_note: A note cannot be empty.'],
    [
      'a huge note',
      { type: 'note', note: 'x'.repeat(4001) },
      undefined,
      '422 invalid_note: A note cannot exceed 4000 characters.',
    ],
    [
      'a huge note on acknowledge',
      { type: 'acknowledge', note: 'x'.repeat(4001) },
      undefined,
      '422 invalid_note: A note cannot exceed 4000 characters.',
    ],
  ])('%s', (_what, action, codes, expected) => {
    const options = codes ? { resolutionCodes: codes.split(',') } : {};
    expect(refusal(transition(newAlertState(T0), action, at(1), 'x', options))).toBe(expected);
  });

  it('names the allowed codes in the error', () => {
    const result = transition(newAlertState(T0), { type: 'resolve', code: 'x' }, at(1), 'x', {
      resolutionCodes: ['a', 'b'],
    });
    expect(!result.ok && result.error).toMatchObject({ code: 'unknown_resolution_code', allowed: ['a', 'b'] });
  });
});
