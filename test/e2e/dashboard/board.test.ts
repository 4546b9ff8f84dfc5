import { describe, expect, it } from 'vitest';
import { cpk } from '../../helpers/processes.js';
import { screenshotPath } from './browser.js';

import { useShop } from './shop-fixture.js';

/** The board as a person uses it: columns, live updates, actions, keyboard, filters. */

const shop = useShop();

describe('dashboard board', { timeout: 180_000 }, () => {
  it('renders seeded tasks in the right columns, with counts, in light and dark', async () => {
    const p = await shop.open();
    const expected: Record<string, string[]> = {
      backlog: ['T-003'],
      open: ['T-006', 'T-008'],
      'in-progress': ['T-002', 'T-009'],
      review: ['T-001', 'T-007'],
      done: ['T-005'],
    };
    for (const [status, numbers] of Object.entries(expected)) {
      const column = p.page.locator(`section[data-status="${status}"]`);
      await expect
        .poll(() =>
          column.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')).sort()),
        )
        .toEqual(numbers);
      await expect.poll(() => p.page.locator(`[data-count="${status}"]`).textContent()).toBe(String(numbers.length));
    }
    await expect
      .poll(() =>
        p.page.locator('.blocked-band [data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task'))),
      )
      .toEqual(['T-004']);
    expect(await p.page.locator('.blocked-band').textContent()).toContain('needs a decision on hosting');
    const card = p.page.locator('[data-task="T-002"]');
    expect(await card.textContent()).toMatch(/P1/);
    expect(await card.textContent()).toContain('@codex-2');
    // An hour's lease picked up moments ago may still read "1h left" (the page's clock ticks every 5 s).
    expect(await card.textContent()).toMatch(/(\d+m|1h) left/);
    // A lease that ran out is called out on the card and in the agents panel.
    const lapsed = p.page.locator('[data-task="T-009"] .lease-expired');
    await lapsed.waitFor();
    expect(await lapsed.textContent()).toBe('lease expired');
    expect(await p.page.locator('[data-agent="sleepy-agent"] .lease-expired').textContent()).toBe('lease expired');
    expect(await p.page.locator('a.ref-link').getAttribute('href')).toBe('/reference');
    await p.page.screenshot({ path: screenshotPath('board-light.png'), fullPage: true });
    // Done folds away and opens again; its count stays.
    await p.page.getByRole('button', { name: 'Hide done tasks' }).click();
    expect(await p.page.locator('section[data-status="done"] [data-task]').count()).toBe(0);
    expect(await p.page.locator('[data-count="done"]').textContent()).toBe('1');
    await p.page.getByRole('button', { name: 'Show done tasks' }).click();
    await p.page.locator('section[data-status="done"] [data-task="T-005"]').waitFor();
    const lightBg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    const dark = await shop.open('', { colorScheme: 'dark' });
    await dark.page.waitForSelector('[data-task="T-001"]');
    await dark.page.screenshot({ path: screenshotPath('board-dark.png'), fullPage: true });
    const darkBg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBg).not.toBe(lightBg);

    // The toggle overrides the system preference and is remembered.
    await p.page.click('.theme-toggle');
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
    await p.page.reload();
    await p.page.waitForSelector('[data-task="T-001"]');
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await p.page.click('.theme-toggle');
    expect(await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(lightBg);
    shop.expectClean(p);
    shop.expectClean(dark);
  });

  it('shows a task added by a real cpk process live, without reload or polling', async () => {
    const p = await shop.open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.waitForSelector('[data-agent="claude-1"]');
    await p.page.waitForSelector('.activity .feed-item');
    await p.page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    // Once loaded, the page sits on its event stream: no request goes out while nothing changes. Loaded
    // means its first reads are answered: on a busy machine the seeding's last events can reach the
    // stream after the first render, and the page rightly re-reads what they touched.
    for (let quiet = 0, seen = -1, i = 0; quiet < 2 && i < 40; i++) {
      quiet = p.requests.length === seen ? quiet + 1 : 0;
      seen = p.requests.length;
      await p.page.waitForTimeout(250);
    }
    const before = p.requests.length;
    await p.page.waitForTimeout(2_500);
    expect(p.requests.slice(before)).toEqual([]);

    const added = await cpk(['task', 'add', '--title', 'Added live by cpk', '--epic', 'live'], {
      cwd: shop.project.cwd,
      env: shop.project.env,
    });
    expect(added.code, added.stderr).toBe(0);
    const number = added.json<{ task_number: string }>().task_number;
    await p.page.locator(`section[data-status="open"] [data-task="${number}"]`).waitFor();
    expect(await p.page.locator(`[data-task="${number}"]`).textContent()).toContain('Added live by cpk');
    await p.page.locator('.activity .feed-item', { hasText: 'Added live by cpk' }).first().waitFor();
    expect(await p.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');

    // An agent picks it up through the CLI: the card moves and the agents panel follows.
    const picked = await cpk(['task', 'pickup', '--id', number, '--agent', 'live-agent'], {
      cwd: shop.project.cwd,
      env: shop.project.env,
    });
    expect(picked.code, picked.stderr).toBe(0);
    await p.page.locator(`section[data-status="in-progress"] [data-task="${number}"]`).waitFor();
    const agent = p.page.locator('[data-agent="live-agent"]');
    await agent.waitFor();
    await expect.poll(() => agent.textContent()).toContain(number);
    expect(await agent.textContent()).toContain('working');
    expect(p.requests.filter((u) => new URL(u).pathname === '/api/tasks').length).toBe(6);
    shop.expectClean(p);
  });

  it('approve moves a card from Review to Done and the server agrees', async () => {
    const p = await shop.open();
    await p.page.locator('section[data-status="review"] [data-task="T-007"]').click();
    const panel = p.page.locator('.task-panel[data-panel-task="T-007"]');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await p.page.locator('section[data-status="done"] [data-task="T-007"]').waitFor();
    expect(await p.page.locator('section[data-status="review"] [data-task="T-007"]').count()).toBe(0);
    const t = await shop.task('T-007');
    expect(t.status).toBe('done');
    expect(t.completed_at).not.toBeNull();
    await panel.locator('.timeline .tl-item', { hasText: 'approved' }).waitFor();
    expect(await panel.locator('.timeline').textContent()).toContain('human');
    shop.expectClean(p);
  });

  it('block, unblock, note and edit round-trip through the server', async () => {
    const p = await shop.open('&task=T-008');
    const panel = p.page.locator('.task-panel[data-panel-task="T-008"]');
    await panel.waitFor();

    await panel.getByRole('button', { name: 'Block…' }).click();
    await panel.locator('input[name="reason"]').fill('waiting for the design review');
    await panel.locator('.block-form').getByRole('button', { name: 'Block' }).click();
    await panel.locator('.blocker-reason', { hasText: 'waiting for the design review' }).waitFor();
    let t = await shop.task('T-008');
    expect(t.status).toBe('blocked');
    expect(t.blocker_reason).toBe('waiting for the design review');
    await p.page.locator('.blocked-band [data-task="T-008"]').waitFor();

    await panel.getByRole('button', { name: 'Unblock' }).click();
    await p.page.locator('section[data-status="open"] [data-task="T-008"]').waitFor();
    t = await shop.task('T-008');
    expect(t.status).toBe('open');
    expect(t.blocker_reason).toBeNull();

    await panel.locator('textarea[name="note"]').fill('Checked with the team: go ahead.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.locator('.note-text', { hasText: 'Checked with the team: go ahead.' }).waitFor();
    t = await shop.task('T-008');
    expect(t.notes.at(-1)).toMatchObject({ author: 'human', text: 'Checked with the team: go ahead.' });

    await panel.getByRole('button', { name: 'Edit' }).click();
    const form = panel.locator('form.edit-form');
    await form.locator('input[name="title"]').fill('Block me, renamed');
    await form.locator('select[name="priority"]').selectOption('P0');
    await form.locator('input[name="epic"]').fill('core');
    await form.locator('input[name="tags"]').fill('alpha, beta');
    await form.locator('input[name="assignee"]').fill('reviewer-9');
    await form.locator('textarea[name="description"]').fill('Now with a **description**.');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    t = await shop.task('T-008');
    expect(t).toMatchObject({
      title: 'Block me, renamed',
      priority: 'P0',
      epic: 'core',
      tags: ['alpha', 'beta'],
      assignee: 'reviewer-9',
      description: 'Now with a **description**.',
    });
    await panel.locator('.description strong', { hasText: 'description' }).waitFor();
    await p.page.locator('[data-task="T-008"]', { hasText: 'Block me, renamed' }).waitFor();
    expect(await p.page.locator('[data-task="T-008"]').textContent()).toContain('P0');

    // A change the server refuses is explained in words, and nothing changes.
    await panel.getByRole('button', { name: 'Edit' }).click();
    await form.locator('input[name="tags"]').fill(`ok, ${'x'.repeat(60)}`);
    await form.getByRole('button', { name: 'Save' }).click();
    const error = form.locator('.error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/tags/);
    expect((await shop.task('T-008')).tags).toEqual(['alpha', 'beta']);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Status set by hand (the human override): straight to in progress.
    await panel.getByRole('button', { name: 'Edit' }).click();
    await form.locator('select[name="status"]').selectOption('in-progress');
    await form.getByRole('button', { name: 'Save' }).click();
    await p.page.locator('section[data-status="in-progress"] [data-task="T-008"]').waitFor();
    expect((await shop.task('T-008')).status).toBe('in-progress');
    await panel.getByRole('button', { name: 'Release' }).click();
    await p.page.locator('section[data-status="open"] [data-task="T-008"]').waitFor();
    expect((await shop.task('T-008')).status).toBe('open');
    shop.expectClean(p, [/status of 400/]);
  });

  it('works from the keyboard: Tab to a card, Enter opens it, Escape closes it', async () => {
    const p = await shop.open();
    const card = p.page.locator('[data-task="T-006"]');
    await card.waitFor();
    await p.page.locator('.filter-text').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await p.page.keyboard.press('Tab');
      reached = await p.page.evaluate(() => document.activeElement?.getAttribute('data-task') === 'T-006');
    }
    expect(reached).toBe(true);
    await p.page.keyboard.press('Enter');
    const dialog = p.page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-label')).toContain('T-006');
    await dialog.locator('.description a', { hasText: 'link' }).waitFor();
    expect(await dialog.locator('.description a').getAttribute('href')).toBe('https://example.com/x');
    expect(p.page.url()).toContain('task=T-006');
    await p.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(p.page.url()).not.toContain('task=');
    expect(await p.page.evaluate(() => document.activeElement?.getAttribute('data-task'))).toBe('T-006');
    shop.expectClean(p);
  });

  it('filters by text, epic and assignee', async () => {
    const p = await shop.open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.locator('.filter-text').fill('repository');
    await expect.poll(() => p.page.locator('[data-task]').count()).toBe(1);
    await p.page.locator('.filter-text').fill('');
    await p.page.getByLabel('Epic').selectOption('backend');
    await expect
      .poll(() => p.page.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task'))))
      .toEqual(['T-002']);
    expect(p.page.url()).toContain(`project=${shop.project.projectId}`);
    await p.page.getByRole('button', { name: 'Clear filters' }).click();
    await p.page.getByLabel('Assignee').selectOption('claude-1');
    await expect
      .poll(async () =>
        (await p.page.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')))).sort(),
      )
      .toEqual(['T-001', 'T-005', 'T-007']);
    shop.expectClean(p);
  });
});
