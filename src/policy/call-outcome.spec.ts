import { CALL_STATUS_RANK, callEnd, isMachine } from './call-outcome';

describe('callEnd', () => {
  it.each([
    ['completed', undefined, undefined, undefined, { outcome: 'answered', reason: 'call answered', permanent: false }],
    ['completed', 'human', undefined, undefined, { outcome: 'answered', reason: 'call answered', permanent: false }],
    ['completed', 'unknown', undefined, undefined, { outcome: 'answered', reason: 'call answered', permanent: false }],
    [
      'completed',
      'machine_start',
      undefined,
      undefined,
      { outcome: 'machine', reason: 'answering machine (machine_start)', permanent: false },
    ],
    [
      'completed',
      'machine_end_beep',
      undefined,
      undefined,
      { outcome: 'machine', reason: 'answering machine (machine_end_beep)', permanent: false },
    ],
    [
      'completed',
      'fax',
      undefined,
      undefined,
      { outcome: 'machine', reason: 'answering machine (fax)', permanent: false },
    ],
    ['busy', undefined, undefined, 486, { outcome: 'busy', reason: 'line busy (SIP 486)', permanent: false }],
    ['no-answer', undefined, undefined, undefined, { outcome: 'no-answer', reason: 'no answer', permanent: false }],
    [
      'failed',
      undefined,
      13224,
      undefined,
      { outcome: 'failed', reason: 'call failed (Twilio error 13224)', permanent: true },
    ],
    [
      'failed',
      undefined,
      32009,
      404,
      { outcome: 'failed', reason: 'call failed (Twilio error 32009, SIP 404)', permanent: true },
    ],
    ['canceled', undefined, undefined, undefined, { outcome: 'canceled', reason: 'call canceled', permanent: false }],
  ])('%s / %s / %s / %s', (status, answeredBy, code, sip, expected) => {
    expect(callEnd(status, answeredBy, code, sip)).toEqual(expected);
  });

  it.each(['queued', 'initiated', 'ringing', 'in-progress', 'something-new'])('%s is not an end', (status) => {
    expect(callEnd(status)).toBeNull();
  });

  it('ranks every final state above every progress state', () => {
    const finals = ['completed', 'busy', 'no-answer', 'failed', 'canceled'].map((s) => CALL_STATUS_RANK[s]);
    const progress = ['queued', 'initiated', 'ringing', 'in-progress'].map((s) => CALL_STATUS_RANK[s]);
    expect(Math.min(...finals)).toBeGreaterThan(Math.max(...progress));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it.each([
    ['machine_start', true],
    ['machine_end_other', true],
    ['fax', true],
    ['human', false],
    ['unknown', false],
    [undefined, false],
  ])('isMachine(%s) = %s', (answeredBy, expected) => expect(isMachine(answeredBy)).toBe(expected));
});
