import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../dashboard/src/state/observable.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('dashboard refetch coalescing', () => {
  it('folds a burst of triggers into one run, and one more for triggers during it', async () => {
    let runs = 0;
    const c = new Coalescer(async () => {
      runs++;
      await sleep(30);
    }, 10);
    for (let i = 0; i < 20; i++) c.trigger();
    await sleep(20);
    expect(runs).toBe(1);
    for (let i = 0; i < 20; i++) c.trigger(); // while it runs
    await sleep(100);
    expect(runs).toBe(2);
  });

  it('with back-off, waits in proportion to how long the last run took', async () => {
    const c = new Coalescer(() => sleep(40), 10, 5);
    expect(c.delay).toBe(10);
    c.trigger();
    await sleep(120);
    expect(c.delay).toBeGreaterThanOrEqual(5 * 40 - 5);
    let ran = false;
    const next = new Coalescer(
      async () => {
        ran = true;
      },
      10,
      0,
    );
    next.trigger();
    await sleep(40);
    expect(ran).toBe(true);
    expect(next.delay).toBe(10);
  });
});
