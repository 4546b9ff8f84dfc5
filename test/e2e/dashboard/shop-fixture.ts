import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage } from './browser.js';

/**
 * The "shop" project the board suites share: tasks in every status, a review, a blocked task, a lapsed
 * lease, two docs; a server and a browser for the test file that calls useShop(), closed after it.
 */
export interface Shop {
  server: RunningServer;
  browser: Browser;
  api: ApiClient;
  project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
  q: { project_id: string };
  pages: DashboardPage[];
  /** A dashboard page on the shop project, once its live connection is up. */
  open(path?: string, options?: Parameters<typeof openPage>[3]): Promise<DashboardPage>;
  /** No console errors (but the ones a test provokes on purpose) and no request to another host. */
  expectClean(p: DashboardPage, allowed?: RegExp[]): void;
  task(ref: string): Promise<Awaited<ReturnType<typeof getTask>>>;
}

async function getTask(api: ApiClient, q: { project_id: string }, ref: string) {
  return (await ok(api.GET('/api/tasks/{id}', { params: { path: { id: ref }, query: q } }))).data;
}

export function useShop(): Shop {
  const shop = { pages: [] as DashboardPage[] } as Shop;
  shop.open = async (path = '', options = {}) => {
    const p = await openPage(shop.browser, shop.server, `/?project=${shop.project.projectId}${path}`, options);
    p.page.setDefaultTimeout(30_000);
    shop.pages.push(p);
    await p.page.waitForSelector('[data-connection="live"]');
    return p;
  };
  shop.expectClean = (p, allowed = []) => {
    expect(p.errors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
    expect(p.foreignRequests()).toEqual([]);
  };
  shop.task = (ref) => getTask(shop.api, shop.q, ref);
  beforeAll(async () => {
    shop.server = await startServer();
    shop.project = await initProject(shop.server, 'shop');
    shop.api = apiFor(shop.server);
    shop.q = { project_id: shop.project.projectId };
    await seed(shop.api, shop.q);
    shop.browser = await launchBrowser();
  }, 120_000);
  afterAll(() => closeSuite(shop.pages, shop.browser, shop.server));
  return shop;
}

async function seed(api: ApiClient, q: { project_id: string }): Promise<void> {
  await ok(
    api.POST('/api/tasks', {
      params: { query: q },
      body: [
        { title: 'Set up repository', priority: 'P0', epic: 'infra', tags: ['setup'] },
        {
          title: 'Write the API',
          depends_on: ['T-001'],
          epic: 'backend',
          acceptance_criteria: ['returns 200'],
          verify: 'npm test',
        },
        { title: 'Build the UI', depends_on: ['T-002'], tags: ['ui'] },
        { title: 'Write docs', priority: 'P2' },
        { title: 'Old finished thing' },
        { title: 'Plain open task', description: 'Has **markdown** and a [link](https://example.com/x).' },
        { title: 'Ready for review' },
        { title: 'Block me' },
        { title: 'Lapsed lease' },
      ],
    }),
  );
  const pickup = (id: string, agent: string) =>
    ok(api.POST('/api/tasks/pickup', { params: { query: { ...q, task_id: id } }, body: { agent } }));
  const done = (id: string, agent: string) =>
    ok(api.POST('/api/tasks/{id}/done', { params: { path: { id }, query: q }, body: { agent, notes: 'finished' } }));
  await pickup('T-001', 'claude-1');
  await done('T-001', 'claude-1');
  await pickup('T-002', 'codex-2');
  await ok(
    api.POST('/api/tasks/{id}/block', {
      params: { path: { id: 'T-004' }, query: q },
      body: { reason: 'needs a decision on hosting' },
    }),
  );
  await pickup('T-005', 'claude-1');
  await done('T-005', 'claude-1');
  await done('T-005', 'human');
  await pickup('T-007', 'claude-1');
  await done('T-007', 'claude-1');
  await ok(
    api.POST('/api/tasks/pickup', {
      params: { query: { ...q, task_id: 'T-009' } },
      body: { agent: 'sleepy-agent', lease_seconds: 1 },
    }),
  );
  await ok(
    api.POST('/api/docs', {
      params: { query: q },
      body: {
        type: 'decision',
        title: 'Auth token lifetime',
        body: 'Tokens expire after **15 minutes** of inactivity.\n\n## Why\n\n- short-lived\n- refreshable',
        tags: ['auth'],
        author: 'claude-1',
      },
    }),
  );
  await ok(
    api.POST('/api/docs', {
      params: { query: q },
      body: { type: 'operational', title: 'Deploy steps', body: 'Run `make deploy`.' },
    }),
  );
}
