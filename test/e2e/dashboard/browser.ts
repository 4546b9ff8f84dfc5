/** Headless Chromium for dashboard tests: one browser per file, every request and console error recorded. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createClient, type ApiClient } from '../../../src/client/index.js';
import { ROOT, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

export const CHROMIUM = process.env.CPK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Requests to any origin but the server's. */
  foreignRequests(): string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  server: RunningServer,
  path: string,
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    waitUntil?: 'load' | 'networkidle';
    /** Ignore the page's Content-Security-Policy: tests the rendering itself, not the CSP safety net. */
    bypassCSP?: boolean;
  } = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1440, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const origin = new URL(server.url).origin;
  await page.goto(new URL(path, server.url).toString(), { waitUntil: options.waitUntil ?? 'load' });
  return {
    page,
    context,
    requests,
    errors,
    foreignRequests: () =>
      requests.filter((u) => !u.startsWith(`${origin}/`) && u !== origin && !u.startsWith('data:')),
    close: () => context.close(),
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** The typed client against a running server, as the dashboard and CLI use it. */
export function apiFor(server: RunningServer): ApiClient {
  return createClient(server.url);
}

/** Register a project folder with the server and return its id. */
export async function createProject(api: ApiClient, path: string, name: string): Promise<string> {
  const res = await api.POST('/api/projects', { body: { name, path } });
  if (!res.data) throw new Error(`project registration failed: ${JSON.stringify(res.error)}`);
  return res.data.data.id;
}

/** Unwrap a typed call or fail the test with the server's error. */
export async function ok<D>(p: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const res = await p;
  if (res.data === undefined) throw new Error(`API call failed (${res.response.status}): ${JSON.stringify(res.error)}`);
  return res.data;
}

/** The afterAll of a dashboard suite: its pages, its browser and its server, then its temp folders. */
export async function closeSuite(
  pages: { close(): Promise<unknown> }[],
  browser: Browser | undefined,
  server: RunningServer | undefined,
): Promise<void> {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  removeTempDirs();
}
