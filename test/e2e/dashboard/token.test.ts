import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import { createClient } from '../../../src/client/index.js';
import { startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { createProject, launchBrowser, ok, openPage } from './browser.js';

const TOKEN = 'dashboard-test-token';
let server: RunningServer;
let browser: Browser;
let projectId: string;

beforeAll(async () => {
  server = await startServer({ args: ['--token', TOKEN] });
  const api = createClient(server.url, { token: TOKEN });
  projectId = await createProject(api, tempDir('cpk-token-'), 'guarded');
  await ok(api.POST('/api/tasks', { params: { query: { project_id: projectId } }, body: { title: 'Behind a token' } }));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeTempDirs();
});

describe('a server with a token', { timeout: 180_000 }, () => {
  it('asks for the token once, then sends it with every call, the event stream included', async () => {
    const p = await openPage(browser, server, '/');
    p.page.setDefaultTimeout(30_000);
    const form = p.page.locator('form.token-form');
    await form.waitFor();
    expect(await p.page.locator('[data-task]').count()).toBe(0);
    await form.locator('input[type="password"]').fill(TOKEN);
    const api: Request[] = [];
    p.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r);
    });
    await form.getByRole('button', { name: 'Use token' }).click();
    await p.page.locator('[data-task="T-001"]').waitFor();
    await p.page.locator('[data-connection="live"]').waitFor();
    expect(await p.page.locator('form.token-form').count()).toBe(0);
    expect(api.length).toBeGreaterThan(3);
    for (const r of api) expect(r.headers().authorization, r.url()).toBe(`Bearer ${TOKEN}`);
    expect(api.some((r) => r.url().includes('/api/events/stream'))).toBe(true);
    expect(p.page.url()).toContain(`project=${projectId}`);
    // A secret: kept for this browser session, never in long-lived storage.
    const stored = await p.page.evaluate(() => ({
      session: sessionStorage.getItem('cpk.token'),
      local: localStorage.getItem('cpk.token'),
    }));
    expect(stored).toEqual({ session: TOKEN, local: null });
    // Before the token, the refused calls were logged by the browser; nothing else was.
    expect(p.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(p.foreignRequests()).toEqual([]);
    await p.close();
  });
});
