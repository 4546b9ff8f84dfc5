import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSuite, ok } from './browser.js';
import { PHONE, type Suite, seed, shoot, startSuite } from './person-fixture.js';

let s: Suite;

beforeAll(async () => {
  s = await startSuite();
  await seed(s);
  // More blocked work than fits a row, and a task only the server can find (beyond the first loaded page).
  const extra = Array.from({ length: 6 }, (_, i) => ({ title: `Blocked thing ${i + 1}` }));
  const made = (await ok(s.api.POST('/api/tasks', { params: { query: s.q }, body: extra }))).data;
  for (const t of Array.isArray(made) ? made : [made])
    await ok(
      s.api.POST('/api/tasks/{id}/block', { params: { path: { id: t.id }, query: s.q }, body: { reason: 'later' } }),
    );
}, 60_000);
afterAll(() => closeSuite(s?.pages ?? [], s?.browser, s?.server));

describe('search', () => {
  it('knowledge base: prefix search as you type; tags as words; highlights apart from the doc’s bold', async () => {
    const p = await s.open('&view=docs');
    const box = p.page.getByLabel('Search the knowledge base');
    await box.pressSequentially('pass', { delay: 30 });
    const hit = p.page.locator('.doc-item[data-doc="D-001"]');
    await p.page.waitForURL(/q=pass(&|$)/);
    await hit.locator('mark').first().waitFor();
    expect(await hit.locator('mark').allInnerTexts()).toEqual(['password']);
    // The doc's own **Stripe** is text, not a highlight.
    expect(await hit.locator('.snippet').innerText()).toContain('**Stripe**');
    await box.fill('gotch');
    await p.page.locator('.doc-item[data-doc="D-001"] mark', { hasText: 'gotcha' }).waitFor();
    expect(await p.page.locator('.doc-item[data-doc="D-001"] .snippet').innerText()).not.toMatch(/[[\]"]/);
    await shoot(p, 'kb-search-1400.png');
  });

  it('board: the search box asks the server, over descriptions and notes too', async () => {
    const p = await s.open('');
    await p.page.getByLabel('Search tasks by title, description or notes').fill('passw');
    await p.page.locator('[data-search-state="done"]').waitFor();
    const shown = await p.page
      .locator('.columns .card')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-task')));
    expect(shown.sort()).toEqual(['T-003', 'T-006']);
    expect(await p.page.locator('[data-count="open"]').innerText()).toMatch(/^1 of \d+$/);
    const searched = p.requests.filter((u) => u.includes('/api/tasks/search'));
    expect(searched.length).toBeGreaterThan(0);
    await shoot(p, 'board-search-1400.png');
    await p.page.getByRole('button', { name: 'Clear filters' }).click();
    await p.page.locator('.columns .card[data-task="T-007"]').waitFor();
  });
});

describe('space', () => {
  it('desktop: the Blocked band is one row, collapsible, with its count', async () => {
    const p = await s.open('');
    const band = p.page.locator('.blocked-band');
    await band.locator('.card').first().waitFor();
    expect(await band.locator('[data-count="blocked"]').innerText()).toBe('7');
    const box = await band.boundingBox();
    expect(box?.height ?? 999).toBeLessThan(160);
    await shoot(p, 'board-1400.png');
    await band.getByRole('button', { expanded: true }).click();
    expect(await band.locator('.card').count()).toBe(0);
    expect((await band.boundingBox())?.height ?? 999).toBeLessThan(50);
    await p.page.reload();
    await p.page.waitForSelector('[data-connection="live"]');
    expect(await p.page.locator('.blocked-band .card').count()).toBe(0);
    await band.getByRole('button', { expanded: false }).click();
    await band.locator('.card').first().waitFor();
  });

  it('phone: header on one line, Blocked folded, one column at a time', async () => {
    const p = await s.open('', PHONE);
    await p.page.locator('.column.picked .card').first().waitFor();
    const header = await p.page.locator('.app-header').boundingBox();
    expect(header?.height ?? 999).toBeLessThan(56);
    // Every view's tab whole on that line, none cut off or scrolled out of sight.
    const tabs = await p.page.locator('.app-header .tabs').evaluate((el) => ({
      hidden: el.scrollWidth - el.clientWidth,
      right: el.getBoundingClientRect().right,
      tools: document.querySelector('.header-tools')?.getBoundingClientRect().left ?? 0,
    }));
    expect(tabs.hidden, JSON.stringify(tabs)).toBeLessThanOrEqual(0);
    expect(tabs.right).toBeLessThanOrEqual(tabs.tools);
    expect(await p.page.locator('.blocked-band .card').count()).toBe(0);
    expect(await p.page.locator('.columns .column:visible').count()).toBe(1);
    expect(await p.page.locator('.column.picked').getAttribute('data-status')).toBe('open');
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(p, 'board-390.png');
    await p.page.locator('[data-pick="review"]').click();
    await p.page.locator('.column.picked[data-status="review"] .card[data-task="T-002"]').waitFor();
    expect(await p.page.locator('.columns .column:visible').count()).toBe(1);
  });

  it('phone: a tapped doc opens in view', async () => {
    const p = await s.open('&view=docs', PHONE);
    await p.page.locator('.doc-item[data-doc="D-002"]').click();
    const doc = p.page.locator('article.doc[data-doc-id="D-002"]');
    await doc.waitFor();
    await p.page.waitForFunction(() => {
      const el = document.querySelector('article.doc');
      const r = el?.getBoundingClientRect();
      return !!r && r.top >= 0 && r.top < window.innerHeight / 2;
    });
    await shoot(p, 'kb-doc-390.png');
  });
});
