import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage, screenshotPath } from './browser.js';

const TOTAL = 2000;
let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
let counts: Record<string, number>;
const pages: DashboardPage[] = [];

/** Run `fn` over items, a few at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'big');
  api = apiFor(server);
  const q = { project_id: project.projectId };
  const epics = ['api', 'web', 'infra', 'docs', 'data'];
  for (let start = 0; start < TOTAL; start += 1000) {
    const body = Array.from({ length: 1000 }, (_, i) => {
      const n = start + i + 1;
      return {
        title: `Scale task ${n}`,
        epic: epics[n % epics.length] ?? null,
        tags: [`t${n % 7}`],
        priority: (['P0', 'P1', 'P2'] as const)[n % 3],
        ...(n % 10 === 0 ? { status: 'backlog' as const } : {}),
      };
    });
    await ok(api.POST('/api/tasks', { params: { query: q }, body }));
  }
  const patch = (n: number, body: Record<string, unknown>) =>
    ok(api.PATCH('/api/tasks/{id}', { params: { path: { id: `T-${String(n).padStart(3, '0')}` }, query: q }, body }));
  const numbers = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((n) => n % 10 !== 0);
  await inBatches(numbers.slice(0, 150), 8, (n) => patch(n, { status: 'done' }));
  await inBatches(numbers.slice(150, 210), 8, (n) => patch(n, { status: 'review', assignee: 'agent-r' }));
  await inBatches(numbers.slice(210, 240), 8, (n) => patch(n, { status: 'blocked', blocker_reason: `blocked ${n}` }));
  await inBatches(numbers.slice(240, 260), 8, (n) => patch(n, { status: 'in-progress', assignee: `agent-${n % 4}` }));
  counts = (await ok(api.GET('/api/board/status', { params: { query: q } }))).data.counts;
  browser = await launchBrowser();
}, 240_000);

afterAll(() => closeSuite(pages, browser, server));

describe('a board of 2,000 tasks', { timeout: 240_000 }, () => {
  it('renders a capped window per column with exact counts, and stays responsive', async () => {
    expect(counts).toEqual({
      backlog: 200,
      open: 1540,
      'in-progress': 20,
      review: 60,
      done: 150,
      blocked: 30,
      cancelled: 0,
    });
    const p = await openPage(browser, server, `/?project=${project.projectId}`);
    pages.push(p);
    p.page.setDefaultTimeout(60_000);
    await p.page.locator('section[data-status="open"] [data-task]').first().waitFor();
    for (const [status, n] of Object.entries(counts)) {
      // Blocked tasks have their band, cancelled ones are off the board.
      if (status === 'blocked' || status === 'cancelled') continue;
      await expect.poll(() => p.page.locator(`[data-count="${status}"]`).textContent()).toBe(String(n));
    }
    // Only a window of each column is in the page, not 2,000 cards.
    const rendered = await p.page.locator('[data-task]').count();
    expect(rendered).toBeLessThan(300);
    expect(await p.page.locator('section[data-status="open"] [data-task]').count()).toBe(40);
    await p.page.screenshot({ path: screenshotPath('board-2000.png') });

    // "Show more" renders more, then pages the server for the rest.
    const open = p.page.locator('section[data-status="open"]');
    for (const expected of [140, 240, 340]) {
      await open.locator('.show-more:not([disabled])').click();
      await expect.poll(() => open.locator('[data-task]').count()).toBe(expected);
    }
    expect(p.requests.some((u) => u.includes('status=open') && u.includes('cursor='))).toBe(true);

    // Still answers: open a card deep in the list, close it, filter.
    await open.locator('[data-task]').nth(300).click();
    await p.page.getByRole('dialog').waitFor();
    await p.page.keyboard.press('Escape');
    await p.page.getByRole('dialog').waitFor({ state: 'detached' });
    await p.page.getByLabel('Epic').selectOption('infra');
    await expect
      .poll(async () => {
        const epics = await p.page.locator('.card-meta .chip-epic').allTextContents();
        return epics.length > 0 && epics.every((t) => t === 'infra');
      })
      .toBe(true);
    await p.page.getByLabel('Epic').selectOption('');

    // A task added by a real cpk process joins the loaded board live, and the count follows.
    const added = await cpk(['task', 'add', '--title', 'Urgent among thousands', '--priority', 'P0'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(added.code, added.stderr).toBe(0);
    await expect.poll(() => p.page.locator('[data-count="open"]').textContent()).toBe(String(counts.open! + 1));
    await p.page.locator('.filter-text').fill('urgent among');
    await open.locator('[data-task]', { hasText: 'Urgent among thousands' }).waitFor();
    expect(await open.locator('[data-task]').count()).toBe(1);
    expect(p.errors).toEqual([]);
    expect(p.foreignRequests()).toEqual([]);
  });

  it('draws the graph of every task', async () => {
    const p = await openPage(browser, server, `/?project=${project.projectId}&view=graph`);
    pages.push(p);
    p.page.setDefaultTimeout(120_000);
    await expect.poll(() => p.page.locator('svg.graph [data-node]').count(), { timeout: 120_000 }).toBe(TOTAL + 1);
    await p.page.locator('svg.graph [data-node="T-1500"]').click();
    await p.page.locator('.task-panel[data-panel-task="T-1500"]').waitFor();
    expect(p.errors).toEqual([]);
  });
});
