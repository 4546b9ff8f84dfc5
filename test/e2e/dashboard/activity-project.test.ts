import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, closeSuite, launchBrowser, openPage } from './browser.js';

let server: RunningServer;
let browser: Browser;
const pages: DashboardPage[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(() => closeSuite(pages, browser, server));

describe('activity feed', () => {
  it('names the project by its name, not its id', async () => {
    const project = await initProject(server, 'Feed Named Project');
    expect((await cpk(['task', 'add', '--title', 'Something'], project)).code).toBe(0);
    const p = await openPage(browser, server, `/?project=${project.projectId}`);
    pages.push(p);
    p.page.setDefaultTimeout(30_000);
    await p.page.getByRole('link', { name: 'Activity' }).click();
    const item = p.page.locator('.feed-item[data-event="project.created"]').first();
    await item.waitFor();
    expect(await item.locator('.feed-subject').textContent()).toBe('Feed Named Project');
    expect(await p.page.locator('.feed').textContent()).not.toContain(project.projectId);
  });
});
