import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { cpk, freePort, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage } from './browser.js';

/** Errors a browser logs while the server is down; anything else still fails the test. */
const OUTAGE = [
  /ERR_CONNECTION_REFUSED/,
  /ERR_CONNECTION_RESET/,
  /ERR_EMPTY_RESPONSE/,
  /ERR_INCOMPLETE_CHUNKED_ENCODING/,
  /Failed to load resource/,
];

let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
let port: number;
const dataDir = tempDir('cpk-restart-');
const pages: DashboardPage[] = [];

beforeAll(async () => {
  port = await freePort();
  server = await startServer({ dataDir, port });
  project = await initProject(server, 'restarts');
  api = apiFor(server);
  await ok(
    api.POST('/api/tasks', {
      params: { query: { project_id: project.projectId } },
      body: { title: 'Before any restart' },
    }),
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(() => closeSuite(pages, browser, server));

async function open(): Promise<{ p: DashboardPage; streams: Request[] }> {
  const p = await openPage(browser, server, `/?project=${project.projectId}`);
  p.page.setDefaultTimeout(30_000);
  pages.push(p);
  const streams: Request[] = [];
  p.page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/events/stream') streams.push(r);
  });
  await p.page.locator('[data-connection="live"]').waitFor();
  await p.page.evaluate(() => ((window as unknown as { marker: string }).marker = 'not reloaded'));
  return { p, streams };
}

async function restart(): Promise<void> {
  expect(await server.stop()).toBe(0);
  server = await startServer({ dataDir, port });
  expect(server.port).toBe(port);
}

async function lastEventId(): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await ok(
      api.GET('/api/events', { params: { query: { project_id: project.projectId, after, limit: 1000 } } }),
    );
    const last = page.data.at(-1);
    if (!last) return after;
    after = last.id;
    if (page.next_after === null) return after;
  }
}

describe('live stream across server restarts', { timeout: 240_000 }, () => {
  it('shows reconnecting, resumes with Last-Event-ID and catches up without reload', async () => {
    const { p, streams } = await open();
    await p.page.locator('[data-task="T-001"]').waitFor();
    const added = await cpk(['task', 'add', '--title', 'Seen live before the restart'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(added.code, added.stderr).toBe(0);
    await p.page.locator('[data-task="T-002"]').waitFor();
    const seen = await lastEventId();

    // A second page that has not seen any event yet: it cannot resume and must reload instead.
    const fresh = await open();
    await fresh.p.page.locator('[data-task="T-002"]').waitFor();

    expect(await server.stop()).toBe(0);
    await p.page.locator('[data-connection="reconnecting"]').waitFor();
    expect(await p.page.locator('.connection').textContent()).toContain('Reconnecting');
    await fresh.p.page.locator('[data-connection="reconnecting"]').waitFor();

    server = await startServer({ dataDir, port });
    // Written right after the restart, before the pages are back: they must still get it.
    const during = await cpk(['task', 'add', '--title', 'Written while the page was away', '--priority', 'P0'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(during.code, during.stderr).toBe(0);

    for (const page of [p, fresh.p]) {
      await page.page.locator('[data-connection="live"]').waitFor();
      await page.page.locator('section[data-status="open"] [data-task="T-003"]').waitFor();
      expect(await page.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('not reloaded');
    }
    // The first connection starts from "now"; the reconnect names the last event the page had.
    expect(streams[0]?.headers()['last-event-id']).toBeUndefined();
    const resumed = streams.slice(1).map((r) => r.headers()['last-event-id']);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.at(-1)).toBe(String(seen));
    expect(fresh.streams.slice(1).every((r) => r.headers()['last-event-id'] === undefined)).toBe(true);

    // Still live after the restart: a change made now arrives as usual.
    const after = await cpk(['task', 'pickup', '--id', 'T-003', '--agent', 'after-restart'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(after.code, after.stderr).toBe(0);
    await p.page.locator('section[data-status="in-progress"] [data-task="T-003"]').waitFor();
    await p.page.locator('[data-agent="after-restart"]').waitFor();

    for (const page of [p, fresh.p]) {
      expect(page.errors.filter((e) => !OUTAGE.some((o) => o.test(e)))).toEqual([]);
      expect(page.foreignRequests()).toEqual([]);
    }
  });

  it('survives a second restart and a server killed outright', async () => {
    const { p } = await open();
    await p.page.locator('[data-task="T-003"]').waitFor();
    await restart();
    await ok(
      api.POST('/api/tasks', {
        params: { query: { project_id: project.projectId } },
        body: { title: 'After a clean restart' },
      }),
    );
    await p.page.locator('[data-task="T-004"]').waitFor();
    await server.kill();
    await p.page.locator('[data-connection="reconnecting"]').waitFor();
    server = await startServer({ dataDir, port });
    await ok(
      api.POST('/api/tasks', {
        params: { query: { project_id: project.projectId } },
        body: { title: 'After a crash' },
      }),
    );
    await p.page.locator('[data-task="T-005"]').waitFor();
    await p.page.locator('[data-connection="live"]').waitFor();
    expect(p.errors.filter((e) => !OUTAGE.some((o) => o.test(e)))).toEqual([]);
  });
});
