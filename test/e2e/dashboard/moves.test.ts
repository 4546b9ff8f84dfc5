import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSuite } from './browser.js';
import { type Suite, seed, shoot, startSuite } from './person-fixture.js';

let s: Suite;

beforeAll(async () => {
  s = await startSuite();
  await seed(s);
}, 60_000);
afterAll(() => closeSuite(s?.pages ?? [], s?.browser, s?.server));

const card = (n: string) => `.card[data-task="${n}"]`;
const column = (status: string) => `[data-drop="${status}"]`;
/**
 * The server's answer to a move. A card shows in its new column at once, before the server has
 * answered (and snaps back if it refuses), so the card alone does not say the server has the move yet.
 */
const moved = (p: { page: Page }, text: string) =>
  p.page.locator('.move-outcome:not(.refused)', { hasText: text }).waitFor();

describe('moving cards', () => {
  it('drag to Blocked asks for a reason, then blocks', async () => {
    const p = await s.open('');
    await p.page.locator(card('T-006')).dragTo(p.page.locator(column('blocked')));
    const dialog = p.page.getByRole('dialog', { name: 'Block T-006' });
    await dialog.locator('input[name=reason]').fill('needs legal review');
    await dialog.getByRole('button', { name: 'Block' }).click();
    await p.page.locator(`.blocked-band ${card('T-006')}`).waitFor();
    await moved(p, 'T-006 moved to Blocked');
    const t = await s.task('T-006');
    expect(t.status).toBe('blocked');
    expect(t.blocker_reason).toBe('needs legal review');
  });

  it('a move the buttons do not offer is refused before asking the server, and says why', async () => {
    const p = await s.open('');
    const before = p.requests.length;
    await p.page.locator(card('T-007')).dragTo(p.page.locator(column('done')));
    await p.page.locator('.move-outcome.refused', { hasText: 'Only a task in review can be approved' }).waitFor();
    expect(await p.page.locator(`[data-status="open"] ${card('T-007')}`).count()).toBe(1);
    expect(p.requests.slice(before).filter((u) => u.includes('/api/tasks/T-007') || u.includes('/approve'))).toEqual(
      [],
    );
    await shoot(p, 'board-move-refused-1400.png');
  });

  it('a move the server refuses snaps back with the server’s reason (self-approval)', async () => {
    const p = await s.open('');
    await p.page.evaluate(() => localStorage.setItem('cpk.actor', 'builder'));
    await p.page.reload();
    await p.page.waitForSelector('[data-connection="live"]');
    await p.page.locator(card('T-002')).dragTo(p.page.locator(column('done')));
    await p.page.locator('.move-outcome.refused', { hasText: 'T-002 stays in Review' }).waitFor();
    await p.page.locator(`[data-status="review"] ${card('T-002')}`).waitFor();
    expect((await s.task('T-002')).status).toBe('review');
  });

  it('by keyboard: Alt+→ / Alt+← move through the same rules', async () => {
    const p = await s.open('');
    await p.page.evaluate(() => localStorage.setItem('cpk.actor', 'reviewer'));
    await p.page.reload();
    await p.page.waitForSelector('[data-connection="live"]');
    // Review → Done approves.
    await p.page.locator(card('T-002')).focus();
    await p.page.keyboard.press('Alt+ArrowRight');
    await p.page.locator(`[data-status="done"] ${card('T-002')}`).waitFor();
    await moved(p, 'T-002 moved to Done');
    expect((await s.task('T-002')).status).toBe('done');
    // Backlog → Open is refused while a dependency is unmet.
    await p.page.locator(card('T-005')).focus();
    await p.page.keyboard.press('Alt+ArrowRight');
    await p.page.locator('.move-outcome.refused', { hasText: 'waits on T-003' }).waitFor();
    // Blocked → Open unblocks.
    await p.page.locator(card('T-004')).focus();
    await p.page.keyboard.press('Alt+ArrowRight');
    await p.page.locator(`[data-status="open"] ${card('T-004')}`).waitFor();
    await moved(p, 'T-004 moved to Open');
    expect((await s.task('T-004')).status).toBe('open');
    // In progress → Open releases.
    await p.page.locator(card('T-003')).focus();
    await p.page.keyboard.press('Alt+ArrowLeft');
    await p.page.locator(`[data-status="open"] ${card('T-003')}`).waitFor();
    await moved(p, 'T-003 moved to Open');
    expect((await s.task('T-003')).status).toBe('open');
    expect(p.errors.filter((e) => !/409|Conflict/i.test(e))).toEqual([]);
  });
});
