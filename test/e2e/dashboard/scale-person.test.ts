import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage, screenshotPath } from './browser.js';
import { DESKTOP, PHONE } from './person-fixture.js';

/**
 * A 2,000-task board and a 20,000-event log stay smooth: time to first render, and time to show a
 * burst of 200 live events. The figures are logged and written to test-artifacts/dashboard-scale.json;
 * the bounds are only sanity checks.
 */
let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let board: string;
let log: string;
const pages: DashboardPage[] = [];
const figures: Record<string, number> = {};

async function batch(projectId: string, n: number, prefix: string, start = 0) {
  const body = Array.from({ length: n }, (_, i) => ({
    title: `${prefix} ${start + i}`,
    priority: (['P0', 'P1', 'P2'] as const)[(start + i) % 3],
    tags: [`t${(start + i) % 7}`],
  }));
  await ok(api.POST('/api/tasks', { params: { query: { project_id: projectId } }, body }));
}

beforeAll(async () => {
  server = await startServer();
  api = apiFor(server);
  board = (await initProject(server, 'big-board')).projectId;
  log = (await initProject(server, 'long-log')).projectId;
  for (let i = 0; i < 2; i++) await batch(board, 1000, 'Board task', i * 1000);
  for (let i = 0; i < 20; i++) await batch(log, 1000, 'Logged task', i * 1000);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  writeFileSync(screenshotPath('dashboard-scale.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log('dashboard scale figures (ms):', JSON.stringify(figures));
  await closeSuite(pages, browser, server);
});

async function timed(projectId: string, path: string, selector: string, viewport = DESKTOP) {
  const t0 = Date.now();
  const p = await openPage(browser, server, `/?project=${projectId}${path}`, { viewport });
  pages.push(p);
  p.page.setDefaultTimeout(60_000);
  await p.page.waitForSelector(selector);
  return { p, ms: Date.now() - t0 };
}

describe('scale', () => {
  it('2,000-task board: first render, then a burst of 200 live events', async () => {
    const { p, ms } = await timed(board, '', '.column-open .card');
    figures.board_first_render = ms;
    await p.page.waitForSelector('[data-connection="live"]');
    await p.page.waitForFunction(() => document.querySelector('[data-count="open"]')?.textContent === '2000');
    const t0 = Date.now();
    await batch(board, 200, 'Burst', 5000);
    await p.page.waitForFunction(() => document.querySelector('[data-count="open"]')?.textContent === '2200', null, {
      timeout: 60_000,
    });
    figures.board_burst_200 = Date.now() - t0;
    // The page renders a bounded number of cards, whatever the board holds.
    expect(await p.page.locator('.card').count()).toBeLessThan(400);
    await p.page.screenshot({ path: screenshotPath('scale-board-1400.png') });
    expect(figures.board_first_render).toBeLessThan(30_000);
    expect(figures.board_burst_200).toBeLessThan(30_000);
  });

  it('2,000-task board on a phone', async () => {
    const { p, ms } = await timed(board, '', '.column.picked .card', PHONE);
    figures.board_first_render_phone = ms;
    await p.page.screenshot({ path: screenshotPath('scale-board-390.png') });
  });

  it('20,000-event log: first render, then a burst of 200 live events', async () => {
    const { p, ms } = await timed(log, '&view=activity', '.activity-log .feed-item');
    figures.log_first_render = ms;
    await p.page.waitForSelector('[data-connection="live"]');
    const t0 = Date.now();
    await batch(log, 200, 'Burst', 90_000);
    await p.page.locator('.activity-log .feed-item', { hasText: 'Burst 90199' }).first().waitFor({ timeout: 60_000 });
    figures.log_burst_200 = Date.now() - t0;
    // Paging back stays quick deep into the log.
    const t1 = Date.now();
    for (let i = 0; i < 5; i++) {
      const n = await p.page.locator('.activity-log .feed-item').count();
      await p.page.locator('.activity-log .show-more').click();
      await p.page.waitForFunction((m) => document.querySelectorAll('.activity-log .feed-item').length > m, n);
    }
    figures.log_page_back_5x100 = Date.now() - t1;
    await p.page.screenshot({ path: screenshotPath('scale-activity-1400.png') });
    expect(figures.log_first_render).toBeLessThan(30_000);
    expect(figures.log_burst_200).toBeLessThan(30_000);
  });
});
