import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSuite, ok } from './browser.js';
import { PHONE, type Suite, seed, shoot, startSuite } from './person-fixture.js';

let s: Suite;
const note = (id: string, text: string, author: string) =>
  ok(s.api.POST('/api/tasks/{id}/notes', { params: { path: { id }, query: s.q }, body: { text, author } }));

beforeAll(async () => {
  s = await startSuite();
  await seed(s);
  for (let i = 0; i < 120; i++) await note(i % 2 ? 'T-006' : 'T-007', `progress ${i}`, i % 3 ? 'ann' : 'bob');
}, 90_000);
afterAll(() => closeSuite(s?.pages ?? [], s?.browser, s?.server));

describe('editing', () => {
  it('the edit form has every field of the create form; it saves only what changed', async () => {
    const p = await s.open('&task=T-005');
    const panel = p.page.locator('[data-panel-task="T-005"]');
    await panel.getByRole('button', { name: 'Edit' }).click();
    const form = panel.getByRole('form', { name: 'Edit task' });
    expect(await form.locator('[data-dep-chip]').allInnerTexts()).toEqual([expect.stringContaining('T-003')]);
    await form.getByLabel('Find a task to depend on').fill('T-006');
    await form.locator('[data-dep="T-006"]').click();
    await form.locator('textarea[name=acceptance_criteria]').fill('sends a receipt\nlinks the invoice');
    await form.locator('input[name=verify]').fill('npm test -- receipts');
    await shoot(p, 'edit-form-1400.png');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const t = await s.task('T-005');
    expect(t.depends_on).toEqual(['T-003', 'T-006']);
    expect(t.acceptance_criteria).toEqual(['sends a receipt', 'links the invoice']);
    expect(t.verify).toBe('npm test -- receipts');
    expect(t.title).toBe('Receipts email');
    const patch = (
      await ok(s.api.GET('/api/events', { params: { query: { ...s.q, task_id: 'T-005', type: 'task.updated' } } }))
    ).data;
    expect(((patch.at(-1)?.payload ?? {}) as { fields?: string[] }).fields?.sort()).toEqual([
      'acceptance_criteria',
      'depends_on',
      'verify',
    ]);
  });

  it('the create form is the same form', async () => {
    const p = await s.open('');
    await p.page.locator('.new-task').click();
    const form = p.page.getByRole('form', { name: 'New task' });
    for (const name of ['title', 'description', 'acceptance_criteria', 'verify', 'context_refs'])
      expect(await form.locator(`[name=${name}]`).count()).toBe(1);
    expect(await form.getByRole('group', { name: 'Depends on' }).count()).toBe(1);
  });

  it('the task panel lists what the task blocks, with status', async () => {
    const p = await s.open('&task=T-003');
    const item = p.page.locator('[data-panel-task="T-003"] [data-blocks="T-005"]');
    await item.waitFor();
    expect(await item.locator('.badge').innerText()).toBe('backlog');
    await item.locator('a').click();
    await p.page.locator('[data-panel-task="T-005"]').waitFor();
  });
});

describe('activity', () => {
  it('pages back through the whole log by id', async () => {
    const p = await s.open('&view=activity');
    const items = p.page.locator('.activity-log .feed-item');
    await p.page.locator('.activity-log .show-more').waitFor();
    expect(await items.count()).toBe(100);
    const total = (await ok(s.api.GET('/api/events', { params: { query: { ...s.q, limit: 1000 } } }))).data.length;
    while (await p.page.locator('.activity-log .show-more').count()) {
      const n = await items.count();
      await p.page.locator('.activity-log .show-more').click();
      await p.page.waitForFunction((m) => document.querySelectorAll('.activity-log .feed-item').length > m, n);
    }
    expect(await items.count()).toBe(total);
    await p.page.locator('text=Start of the log.').waitFor();
  });

  it('filters by type, agent and task, and new matching events arrive live', async () => {
    const p = await s.open('&view=activity');
    const log = p.page.locator('.activity-log');
    await log.locator('select[name=type]').selectOption('task.note');
    await log.locator('select[name=agent]').selectOption('bob');
    await log.locator('input[name=task]').fill('T-007');
    await log.locator('input[name=task]').press('Enter');
    // Exactly bob's notes on T-007 (an empty list between two loads does not count).
    await p.page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.activity-log .feed-item')];
      return items.length === 20 && items.every((e) => e.textContent?.includes('T-007'));
    });
    const texts = await log.locator('.feed-item').allInnerTexts();
    expect(texts.length).toBe(20); // bob wrote every third note; T-007 got the even ones
    expect(texts.every((t) => t.startsWith('bob') && t.includes('T-007'))).toBe(true);
    await shoot(p, 'activity-filtered-1400.png');
    await note('T-007', 'live **one**', 'bob');
    await note('T-006', 'not this one', 'bob');
    await log.locator('.feed-item', { hasText: 'live one' }).waitFor();
    expect(await log.locator('.feed-item', { hasText: 'not this one' }).count()).toBe(0);
  });

  it('a slow answer for filters changed since does not replace the newer list', async () => {
    const p = await s.open('&view=activity');
    const log = p.page.locator('.activity-log');
    await log.locator('.feed-item').first().waitFor();
    // The log's reads for the filters before the last are held back, so they answer after the last one's.
    await p.page.route(/\/api\/events\?/, async (route) => {
      if (!route.request().url().includes('task_id=')) await new Promise((r) => setTimeout(r, 1_500));
      await route.continue().catch(() => undefined);
    });
    await log.locator('select[name=type]').selectOption('task.note');
    await log.locator('select[name=agent]').selectOption('bob');
    await log.locator('input[name=task]').fill('T-007');
    await log.locator('input[name=task]').press('Enter');
    const expected = (
      await ok(
        s.api.GET('/api/events', {
          params: { query: { ...s.q, type: 'task.note', actor: 'bob', task_id: 'T-007', order: 'desc', limit: 100 } },
        }),
      )
    ).data.length;
    await log
      .locator('.feed-item')
      .nth(expected - 1)
      .waitFor();
    await p.page.waitForTimeout(2_500); // the held-back answers have arrived
    const texts = await log.locator('.feed-item').allInnerTexts();
    expect(texts.length).toBe(expected);
    expect(texts.every((t) => t.startsWith('bob') && t.includes('T-007'))).toBe(true);
    await p.page.unroute(/\/api\/events\?/);
  });

  it('phone layout', async () => {
    const p = await s.open('&view=activity', PHONE);
    await p.page.locator('.activity-log .feed-item').first().waitFor();
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(p, 'activity-390.png');
  });
});
