import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSuite, ok } from './browser.js';
import { PHONE, type Suite, seed, shoot, startSuite } from './person-fixture.js';

let s: Suite;

beforeAll(async () => {
  s = await startSuite();
  await seed(s);
}, 60_000);
afterAll(() => closeSuite(s?.pages ?? [], s?.browser, s?.server));

describe('markdown as people write it', () => {
  it('renders tables, task lists and T-/D- refs as in-app links, never HTML', async () => {
    const p = await s.open('&task=T-002');
    const desc = p.page.locator('.description');
    await desc.locator('table').waitFor();
    expect(await desc.locator('th').allInnerTexts()).toEqual(['Plan', 'Price', 'Limits']);
    expect(await desc.locator('tbody tr').count()).toBe(2);
    expect(await desc.locator('tbody strong').innerText()).toBe('Pro');
    expect(
      await desc
        .locator('td')
        .nth(1)
        .evaluate((e) => getComputedStyle(e).textAlign),
    ).toBe('right');
    expect(
      await desc
        .locator('li.task-item input[type=checkbox]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked)),
    ).toEqual([true, false]);
    // HTML from the description stays text.
    expect(await desc.locator('b').count()).toBe(0);
    expect(await desc.innerText()).toContain('<b>not bold</b>');
    // The note renders its markdown too, with its ref.
    const note = p.page.locator('.note-text');
    expect(await note.locator('strong').innerText()).toBe('Stripe Elements');
    expect(await note.locator('a.ref').getAttribute('data-ref')).toBe('D-001');
    await shoot(p, 'markdown-task-panel-1400.png');

    // A task ref opens that task's panel inside the app.
    await desc.locator('a.ref[data-ref="T-003"]').click();
    await p.page.locator('[data-panel-task="T-003"]').waitFor();
    expect(new URL(p.page.url()).searchParams.get('task')).toBe('T-003');
    await p.page.goBack();
    await p.page.locator('[data-panel-task="T-002"]').waitFor();

    // [the setup guide](D-002) opens the doc in the knowledge base, not /D-002.
    await p.page.locator('.description a.ref[data-ref="D-002"]').click();
    await p.page.locator('article.doc[data-doc-id="D-002"]').waitFor();
    expect(new URL(p.page.url()).searchParams.get('view')).toBe('docs');
    expect(await p.page.locator('article.doc table').count()).toBe(1);
    expect(p.errors).toEqual([]);
  });

  it('activity and history show notes as markdown', async () => {
    const p = await s.open('&view=activity');
    const item = p.page.locator('.feed-item[data-event="task.note"]').first();
    await item.waitFor();
    expect(await item.locator('strong', { hasText: 'Stripe Elements' }).count()).toBe(1);
    expect(await item.innerText()).not.toContain('**');
  });

  it('phone: the task panel with its table fits the width', async () => {
    const p = await s.open('&task=T-002', PHONE);
    await p.page.locator('.description table').waitFor();
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(p, 'markdown-task-panel-390.png');
  });
});

describe('review', () => {
  it('shows the implementer, refuses self-approval, rejects with a reason back to the implementer', async () => {
    const p = await s.open('&task=T-002');
    const panel = p.page.locator('[data-panel-task="T-002"]');
    expect(await panel.locator('[data-implementer]').innerText()).toBe('builder');

    // Acting as the implementer: approval is refused with the server's reason.
    await p.page.evaluate(() => localStorage.setItem('cpk.actor', 'builder'));
    await p.page.reload();
    await panel.locator('button', { hasText: 'Approve' }).click();
    await panel.locator('.error').waitFor();
    expect((await panel.locator('.error').innerText()).toLowerCase()).toMatch(/implement|own/);
    expect((await s.task('T-002')).status).toBe('review');

    // As a reviewer: reject needs a reason, then the task is back with builder.
    await p.page.evaluate(() => localStorage.setItem('cpk.actor', 'reviewer'));
    await p.page.reload();
    await panel.locator('button', { hasText: 'Reject…' }).click();
    const submit = panel.locator('.reject-form button[type=submit]');
    expect(await submit.isDisabled()).toBe(true);
    await panel.locator('.reject-form input[name=reason]').fill('Totals are wrong for **Pro**');
    await shoot(p, 'review-reject-1400.png');
    await submit.click();
    await panel.locator('.badge.status-in-progress').waitFor();
    const t = await s.task('T-002');
    expect(t.status).toBe('in-progress');
    expect(t.assignee).toBe('builder');
    expect(t.notes.at(-1)?.text).toContain('Totals are wrong');
    // The reason, shown as a note, renders its markdown.
    await panel.locator('.note-text strong', { hasText: 'Pro' }).waitFor();
  });

  it('a reviewer approves', async () => {
    await ok(
      s.api.POST('/api/tasks/{id}/done', { params: { path: { id: 'T-002' }, query: s.q }, body: { agent: 'builder' } }),
    );
    const p = await s.open('&task=T-002');
    await p.page.evaluate(() => localStorage.setItem('cpk.actor', 'reviewer'));
    await p.page.reload();
    const panel = p.page.locator('[data-panel-task="T-002"]');
    await panel.locator('button', { hasText: 'Approve' }).click();
    await panel.locator('.badge.status-done').waitFor();
    expect((await s.task('T-002')).status).toBe('done');
  });
});
