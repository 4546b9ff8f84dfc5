import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, closeSuite, launchBrowser, openPage, screenshotPath } from './browser.js';
import { DESKTOP, PHONE } from './person-fixture.js';

let server: RunningServer;
let browser: Browser;
const pages: DashboardPage[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(() => closeSuite(pages, browser, server));

async function reference(viewport: { width: number; height: number }) {
  const p = await openPage(browser, server, '/reference', { viewport, waitUntil: 'networkidle' });
  pages.push(p);
  const messages: string[] = [];
  p.page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  await p.page.reload({ waitUntil: 'networkidle' });
  await p.page.getByText('createTasks', { exact: false }).first().or(p.page.locator('text=Create').first()).waitFor();
  await p.page.waitForTimeout(1500);
  return { p, messages };
}

describe('/reference', () => {
  it('shows no hosted-service toolbar, logs no document validation error, asks no other host', async () => {
    const { p, messages } = await reference(DESKTOP);
    for (const word of ['Share', 'Deploy', 'Configure'])
      expect(await p.page.getByRole('button', { name: word, exact: true }).count()).toBe(0);
    expect(await p.page.locator('.api-reference-toolbar').count()).toBe(0);
    expect(messages.filter((m) => /validation|invalid|schema/i.test(m))).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.foreignRequests()).toEqual([]);
    await p.page.screenshot({ path: screenshotPath('reference-1400.png') });
  });

  it('phone', async () => {
    const { p } = await reference(PHONE);
    await p.page.screenshot({ path: screenshotPath('reference-390.png') });
  });
});
