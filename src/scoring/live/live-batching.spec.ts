import { parseResponseChange, PendingChanges, scoresDelay } from './live-batching';

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('parseResponseChange', () => {
  it('reads <campaignId>:<responseId>, lower-cased', () => {
    expect(parseResponseChange(`${C1.toUpperCase()}:${id(1)}`)).toEqual({ campaignId: C1, responseId: id(1) });
  });

  it.each([undefined, '', 'hello', `${C1}`, `${C1}:${id(1)}:x`, `${C1}:not-a-uuid`])('ignores %p', (payload) => {
    expect(parseResponseChange(payload)).toBeNull();
  });
});

describe('PendingChanges', () => {
  it('collapses repeats and groups by campaign', () => {
    const p = new PendingChanges(10);
    for (const n of [1, 2, 1, 1, 2]) p.add({ campaignId: C1, responseId: id(n) });
    p.add({ campaignId: C2, responseId: id(3) });
    expect(p.size).toBe(3);
    expect(p.takeAll()).toEqual(
      new Map([
        [C1, [id(1), id(2)]],
        [C2, [id(3)]],
      ]),
    );
    expect(p.size).toBe(0);
    expect(p.takeAll().size).toBe(0);
  });

  it('caps each campaign, counting what it dropped, without starving others', () => {
    const p = new PendingChanges(3);
    const accepted = [1, 2, 3, 4, 5].map((n) => p.add({ campaignId: C1, responseId: id(n) }));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(p.add({ campaignId: C1, responseId: id(2) })).toBe(true);
    expect(p.add({ campaignId: C2, responseId: id(9) })).toBe(true);
    expect(p.takeDropped()).toBe(2);
    expect(p.takeDropped()).toBe(0);
    expect(p.takeAll().get(C1)).toEqual([id(1), id(2), id(3)]);
  });

  it('forgets a campaign nobody watches any more', () => {
    const p = new PendingChanges(3);
    p.add({ campaignId: C1, responseId: id(1) });
    p.forget(C1);
    expect(p.size).toBe(0);
  });
});

describe('scoresDelay', () => {
  it('is immediate the first time and once the interval has passed', () => {
    expect(scoresDelay(5000, undefined, 1000)).toBe(0);
    expect(scoresDelay(5000, 4000, 1000)).toBe(0);
    expect(scoresDelay(5000, 1000, 1000)).toBe(0);
  });

  it('waits out the rest of the interval inside a burst', () => {
    expect(scoresDelay(5000, 4700, 1000)).toBe(700);
    expect(scoresDelay(4700, 4700, 1000)).toBe(1000);
  });
});
