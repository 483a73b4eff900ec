import { groupCommit } from '@mca/platform';

const ok = <O>(value: O): PromiseSettledResult<O> => ({ status: 'fulfilled', value });

describe('groupCommit', () => {
  it('hands the calls of one moment to one flush and answers each with its own result', async () => {
    const flushes: number[][] = [];
    const submit = groupCommit(
      async (items: number[]) => {
        flushes.push(items);
        return items.map((i) => ok(i * 10));
      },
      { maxItems: 100, maxInFlight: 1 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map(submit));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(flushes).toEqual([[1, 2, 3, 4]]);
  });

  it('fails only the caller whose entry was rejected', async () => {
    const submit = groupCommit(async (items: number[]) => items.map((i) => (i === 2 ? { status: 'rejected' as const, reason: new Error('two') } : ok(i))), {
      maxItems: 100,
      maxInFlight: 1,
    });
    const settled = await Promise.allSettled([1, 2, 3].map(submit));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('two');
  });

  it('fails every caller of a flush that throws, and the next flush is not affected', async () => {
    let calls = 0;
    const submit = groupCommit(
      async (items: number[]) => {
        calls += 1;
        if (calls === 1) throw new Error('store unreachable');
        return items.map(ok);
      },
      { maxItems: 100, maxInFlight: 1 },
    );
    const first = await Promise.allSettled([1, 2].map(submit));
    expect(first.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await expect(submit(3)).resolves.toBe(3);
  });

  it('keeps at most maxInFlight flushes running and gathers what arrives meanwhile into the next', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const submit = groupCommit(
      async (items: number[]) => {
        running += 1;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return items.map(ok);
      },
      { maxItems: 100, maxInFlight: 2 },
    );
    const first = submit(0);
    await new Promise((r) => setImmediate(r)); // the first flush has started, alone
    const rest = Array.from({ length: 30 }, (_, i) => submit(i + 1));
    await Promise.all([first, ...rest]);
    expect(most).toBeLessThanOrEqual(2);
    expect(sizes[0]).toBe(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(31);
    expect(sizes.length).toBeLessThan(31);
  });

  it('cuts a flush at maxItems and at maxWeight, but sends a heavier item alone', async () => {
    const flushes: number[][] = [];
    const submit = groupCommit(
      async (items: number[]) => {
        flushes.push(items);
        return items.map(ok);
      },
      { maxItems: 3, maxInFlight: 1, weigh: (i) => i, maxWeight: 10 },
    );
    await Promise.all([1, 1, 1, 1, 6, 6, 50, 2].map(submit));
    expect(flushes).toEqual([[1, 1, 1], [1, 6], [6], [50], [2]]);
  });
});
