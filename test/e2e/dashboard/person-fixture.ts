/** A project as a person finds it: tasks in every status, a review, blocked work, docs with markdown. */
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, launchBrowser, ok, openPage, screenshotPath } from './browser.js';

export const DESKTOP = { width: 1400, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface Suite {
  server: RunningServer;
  browser: Browser;
  api: ApiClient;
  projectId: string;
  q: { project_id: string };
  pages: DashboardPage[];
  open(path?: string, viewport?: { width: number; height: number }): Promise<DashboardPage>;
  task(ref: string): Promise<Awaited<ReturnType<typeof getTask>>>;
}

async function getTask(api: ApiClient, q: { project_id: string }, ref: string) {
  return (await ok(api.GET('/api/tasks/{id}', { params: { path: { id: ref }, query: q } }))).data;
}

export const PRD = [
  '# Checkout',
  '',
  '| Plan | Price | Limits |',
  '|:-----|------:|:------:|',
  '| Free | 0 | 3 seats |',
  '| **Pro** | 12 | unlimited |',
  '',
  '- [x] pricing agreed',
  '- [ ] tax rules, see T-003',
  '',
  'Read [the setup guide](D-002) first. <b>not bold</b>',
].join('\n');

export async function startSuite(): Promise<Suite> {
  const server = await startServer();
  const project = await initProject(server, 'person');
  const api = apiFor(server);
  const q = { project_id: project.projectId };
  const browser = await launchBrowser();
  const pages: DashboardPage[] = [];
  return {
    server,
    browser,
    api,
    projectId: project.projectId,
    q,
    pages,
    async open(path = '', viewport = DESKTOP) {
      const p = await openPage(browser, server, `/?project=${project.projectId}${path}`, { viewport });
      p.page.setDefaultTimeout(20_000);
      pages.push(p);
      await p.page.waitForSelector('[data-connection="live"]');
      return p;
    },
    task: (ref) => getTask(api, q, ref),
  };
}

/** T-001 done, T-002 in review (by builder), T-003 in progress, T-004 blocked, T-005 open waiting on T-003, more open. */
export async function seed(s: Suite): Promise<void> {
  const { api, q } = s;
  await ok(
    api.POST('/api/tasks', {
      params: { query: q },
      body: [
        { title: 'Set up repository', priority: 'P0', tags: ['setup'] },
        { title: 'Payment form', description: PRD, tags: ['stripe', 'ui'], epic: 'checkout' },
        { title: 'Tax rules', description: 'Needs the **password** policy too.' },
        { title: 'Hosting decision' },
        { title: 'Receipts email', depends_on: ['T-003'] },
        { title: 'Refund flow', description: 'Mentions passwordless login.' },
        { title: 'Coupon codes', priority: 'P2' },
      ],
    }),
  );
  const pickup = (id: string, agent: string) =>
    ok(api.POST('/api/tasks/pickup', { params: { query: { ...q, task_id: id } }, body: { agent } }));
  const done = (id: string, agent: string) =>
    ok(api.POST('/api/tasks/{id}/done', { params: { path: { id }, query: q }, body: { agent } }));
  await pickup('T-001', 'builder');
  await done('T-001', 'builder');
  await ok(
    api.POST('/api/tasks/{id}/approve', { params: { path: { id: 'T-001' }, query: q }, body: { agent: 'rev' } }),
  );
  await pickup('T-002', 'builder');
  await ok(
    api.POST('/api/tasks/{id}/notes', {
      params: { path: { id: 'T-002' }, query: q },
      body: { author: 'builder', text: 'Used **Stripe Elements**; see D-001.' },
    }),
  );
  await done('T-002', 'builder');
  await pickup('T-003', 'codex');
  await ok(
    api.POST('/api/tasks/{id}/block', {
      params: { path: { id: 'T-004' }, query: q },
      body: { reason: 'waiting for budget' },
    }),
  );
  await ok(
    api.POST('/api/docs', {
      params: { query: q },
      body: {
        type: 'decision',
        title: 'Payments provider',
        body: 'We chose **Stripe**. The password reset flow stays ours.',
        tags: ['stripe', 'gotcha'],
      },
    }),
  );
  await ok(
    api.POST('/api/docs', {
      params: { query: q },
      body: { type: 'operational', title: 'Setup guide', body: PRD },
    }),
  );
}

export async function shoot(p: DashboardPage, name: string): Promise<void> {
  await p.page.screenshot({ path: screenshotPath(name) });
}
