import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes a lone item at once and batches items that arrive while a write is in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((i) => i * 2);
      },
      100,
      1,
    );
    const first = gc.submit(1);
    const rest = [2, 3, 4].map((i) => gc.submit(i));
    release();
    expect(await first).toBe(2);
    expect(await Promise.all(rest)).toEqual([4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects only the items whose result is an Error', async () => {
    const gc = new GroupCommit<number, number>(async (items) => items.map((i) => (i === 2 ? new Error('bad 2') : i)));
    const results = await Promise.allSettled([gc.submit(1), gc.submit(2), gc.submit(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('respects the batch size limit', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        return items;
      },
      3,
      1,
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(i)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
  });
});
