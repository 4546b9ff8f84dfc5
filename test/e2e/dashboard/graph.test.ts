import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSuite, ok } from './browser.js';
import { PHONE, type Suite, seed, shoot, startSuite } from './person-fixture.js';

let s: Suite;

beforeAll(async () => {
  s = await startSuite();
  await seed(s);
  // A chain beside the seed: T-008 ← T-009 ← T-010, and T-010 also waits on T-003.
  await ok(
    s.api.POST('/api/tasks', {
      params: { query: s.q },
      body: [
        { title: 'Schema' },
        { title: 'API', depends_on: ['T-008'] },
        { title: 'UI', depends_on: ['T-009', 'T-003'] },
      ],
    }),
  );
}, 60_000);
afterAll(() => closeSuite(s?.pages ?? [], s?.browser, s?.server));

const nodes = (p: Awaited<ReturnType<Suite['open']>>) =>
  p.page.locator('svg.graph [data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')).sort());

describe('graph', () => {
  it('zooms, focuses on a task’s upstream and downstream, hides done work and unconnected tasks', async () => {
    const p = await s.open('&view=graph');
    await p.page.locator('svg.graph [data-node="T-010"]').waitFor();
    await shoot(p, 'graph-1400.png');
    const width = async () => Number(await p.page.locator('svg.graph').getAttribute('width'));
    const w0 = await width();
    await p.page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await width()).toBeGreaterThan(w0);
    await p.page.getByRole('button', { name: 'Zoom out' }).click();
    await p.page.getByRole('button', { name: 'Zoom out' }).click();
    expect(await width()).toBeLessThan(w0);

    await p.page.locator('input[name=focus]').fill('t-009');
    await p.page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => nodes(p)).toEqual(['T-008', 'T-009', 'T-010']);
    await shoot(p, 'graph-focus-1400.png');
    await p.page.getByRole('button', { name: 'All tasks' }).click();

    await p.page.locator('input[name=hide-done]').check();
    await expect.poll(async () => (await nodes(p)).includes('T-001')).toBe(false);
    await p.page.locator('input[name=show-alone]').uncheck();
    // Only tasks with a dependency either way remain.
    await expect.poll(() => nodes(p)).toEqual(['T-003', 'T-005', 'T-008', 'T-009', 'T-010']);
    expect(await p.page.locator('svg.graph path.edge').count()).toBe(4);

    // Alt+click focuses instead of opening.
    await p.page.locator('svg.graph [data-node="T-005"]').click({ modifiers: ['Alt'] });
    await expect.poll(() => nodes(p)).toEqual(['T-003', 'T-005']);
  });

  it('phone', async () => {
    const p = await s.open('&view=graph', PHONE);
    // Every task loaded and laid out before the picture is taken.
    await p.page.getByText(/^\d+ tasks, \d+ dependencies$/).waitFor();
    await p.page.locator('svg.graph [data-node="T-010"]').waitFor();
    expect(await p.page.locator('svg.graph [data-node]').count()).toBeGreaterThanOrEqual(5);
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(p, 'graph-390.png');
  });
});
