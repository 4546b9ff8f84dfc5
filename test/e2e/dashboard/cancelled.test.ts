import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage } from './browser.js';

/** The dashboard with cancelled tasks: loaded at start, cancelled live, opened by link, in the graph. */

let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
const pages: DashboardPage[] = [];

async function open(path = ''): Promise<DashboardPage> {
  const p = await openPage(browser, server, `/?project=${project.projectId}${path}`);
  p.page.setDefaultTimeout(30_000);
  pages.push(p);
  await p.page.waitForSelector('[data-connection="live"]');
  return p;
}

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'cancel');
  api = apiFor(server);
  const q = { project_id: project.projectId };
  await ok(
    api.POST('/api/tasks', {
      params: { query: q },
      body: [
        { title: 'Keep me' },
        { title: 'Made by mistake' },
        { title: 'Cancel me live' },
        { title: 'Waits', depends_on: ['T-003'] },
      ],
    }),
  );
  await ok(
    api.POST('/api/tasks/{id}/cancel', { params: { path: { id: 'T-002' }, query: q }, body: { reason: 'duplicate' } }),
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(() => closeSuite(pages, browser, server));

describe('dashboard and cancelled tasks', { timeout: 120_000 }, () => {
  it('does not show a cancelled task, drops one cancelled live, and opens one by link without errors', async () => {
    const p = await open();
    await p.page.locator('[data-task="T-001"]').waitFor();
    expect(await p.page.locator('[data-task="T-002"]').count()).toBe(0);
    await p.page.locator('[data-task="T-003"]').waitFor();
    const res = await cpk(['task', 'cancel', 'T-003', '--reason', 'not needed'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(res.code, res.stderr).toBe(0);
    await expect.poll(() => p.page.locator('[data-task="T-003"]').count()).toBe(0);
    // Its dependent no longer waits: it moves to open.
    await expect.poll(() => p.page.locator('section[data-status="open"] [data-task="T-004"]').count()).toBe(1);
    const linked = await open('&task=T-002');
    await linked.page.waitForTimeout(500);
    const graph = await open('&view=graph');
    await graph.page.locator('svg.graph [data-node="T-001"]').waitFor();
    for (const page of [p, linked, graph]) expect(page.errors).toEqual([]);
  });
});
