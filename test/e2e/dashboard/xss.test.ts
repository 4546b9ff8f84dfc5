import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { type DashboardPage, apiFor, closeSuite, launchBrowser, ok, openPage } from './browser.js';

/**
 * Everything an agent writes is shown as text. Each payload would set a window flag if the page ever
 * ran it; the flag must stay unset and the payload must be visible literally. The pages run with the
 * Content-Security-Policy bypassed, so what is tested is the rendering itself; the CSP is a second net,
 * checked on its own at the end.
 */
const IMG = `<img src=x onerror="window.__pwned='img'">`;
const SCRIPT = `<script>window.__pwned='script'</script>`;
const SVG = `<svg onload="window.__pwned='svg'"></svg>`;
const LINK = `[click me](javascript:window.__pwned='link')`;
const IFRAME = `<iframe src="javascript:parent.__pwned='iframe'"></iframe>`;
const AGENT = `<img src=y onerror="window.__pwned='agent'">`;

let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
const pages: DashboardPage[] = [];

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, `xss ${IMG}`);
  api = apiFor(server);
  const q = { project_id: project.projectId };
  await ok(
    api.POST('/api/tasks', {
      params: { query: q },
      body: [
        {
          title: `Title ${IMG}`,
          description: `Description ${SCRIPT}\n\n${SVG}\n\n${LINK}\n\n${IFRAME}\n\n[ok](https://example.com)`,
          epic: `epic ${SVG}`,
          tags: ['<b>bold</b>'],
          acceptance_criteria: [`criterion ${IMG}`],
          verify: `echo "${SCRIPT}"`,
          context_refs: [`javascript:window.__pwned='ref'`],
        },
        { title: `Second ${SCRIPT}`, depends_on: ['T-001'] },
      ],
    }),
  );
  // Agent names and notes arrive through real cpk processes, as an agent would send them.
  const env = { ...project.env, CPK_AGENT: AGENT };
  expect((await cpk(['task', 'pickup', '--id', 'T-001'], { cwd: project.cwd, env })).code).toBe(0);
  expect((await cpk(['task', 'note', 'T-001', `note ${IMG} ${SCRIPT}`], { cwd: project.cwd, env })).code).toBe(0);
  const blocked = await cpk(['task', 'block', 'T-001', '--reason', `reason ${SVG}`], { cwd: project.cwd, env });
  expect(blocked.code, blocked.stderr).toBe(0);
  const doc = await cpk(
    [
      'docs',
      'write',
      '--type',
      'learning',
      '--title',
      `Doc ${IMG}`,
      '--body',
      `Body ${SCRIPT} searchable\n\n${LINK}\n\n${IFRAME}`,
    ],
    { cwd: project.cwd, env },
  );
  expect(doc.code, doc.stderr).toBe(0);
  browser = await launchBrowser();
}, 120_000);

afterAll(() => closeSuite(pages, browser, server));

async function open(path: string, bypassCSP = true): Promise<DashboardPage> {
  const p = await openPage(browser, server, `/?project=${project.projectId}${path}`, { bypassCSP });
  p.page.setDefaultTimeout(30_000);
  pages.push(p);
  return p;
}

async function expectInert(p: DashboardPage): Promise<void> {
  // Give any injected handler the chance to run before checking it did not.
  await p.page.waitForTimeout(300);
  expect(await p.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(await p.page.locator('#app img, #app script, #app iframe, #app svg[onload], #app b').count()).toBe(0);
  for (const a of await p.page.locator('a[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))) {
    expect(a.replace(/\s/g, '').toLowerCase()).not.toMatch(/^javascript:/);
  }
  expect(p.errors).toEqual([]);
  expect(p.foreignRequests()).toEqual([]);
}

describe('agent-written text is never executed', { timeout: 180_000 }, () => {
  it('on the board, in the agents panel and the activity feed', async () => {
    const p = await open('');
    await p.page.locator('[data-task="T-001"]').waitFor();
    const card = p.page.locator('[data-task="T-001"]');
    expect(await card.textContent()).toContain(`Title ${IMG}`);
    expect(await card.textContent()).toContain(`reason ${SVG}`);
    expect(await card.textContent()).toContain(`epic ${SVG}`);
    expect(await card.textContent()).toContain('#<b>bold</b>');
    expect(await p.page.locator('[data-task="T-002"]').textContent()).toContain(`Second ${SCRIPT}`);
    const agent = p.page.locator('.agent-name');
    await agent.first().waitFor();
    expect(await agent.allTextContents()).toContain(AGENT);
    await p.page.locator('.feed-actor', { hasText: AGENT }).first().waitFor();
    expect(await p.page.getByLabel('Project').locator('option').first().textContent()).toBe(`xss ${IMG}`);
    await expectInert(p);
  });

  it('in the task panel: description, notes, criteria, verify, refs and history', async () => {
    const p = await open('&task=T-001');
    const panel = p.page.locator('.task-panel[data-panel-task="T-001"]');
    await panel.locator('.note-text').first().waitFor();
    await panel.locator('.timeline .tl-item').first().waitFor();
    expect(await panel.locator('.panel-title').textContent()).toBe(`Title ${IMG}`);
    const description = (await panel.locator('.description').textContent()) ?? '';
    for (const s of ['Description', SCRIPT, SVG, IFRAME, 'click me']) expect(description).toContain(s);
    expect(await panel.locator('.description a').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual([
      'https://example.com',
    ]);
    // Notes render markdown now (`__` pairs become bold), but their tags stay text and nothing runs.
    const noteText = (await panel.locator('.note-text').textContent()) ?? '';
    for (const s of ['<img src=x onerror=', '<script>', '</script>']) expect(noteText).toContain(s);
    expect(await panel.locator('.note-text img, .note-text script').count()).toBe(0);
    expect(await panel.locator('.note-meta strong').textContent()).toBe(AGENT);
    expect(await panel.locator('.criteria li').textContent()).toBe(`criterion ${IMG}`);
    expect(await panel.locator('.verify code').textContent()).toBe(`echo "${SCRIPT}"`);
    expect(await panel.locator('.refs').textContent()).toContain(`javascript:window.__pwned='ref'`);
    expect(await panel.locator('.refs a').count()).toBe(0);
    expect(await panel.locator('.blocker-reason').textContent()).toBe(`reason ${SVG}`);
    expect(await panel.locator('.timeline').textContent()).toContain(AGENT);
    // Editing shows the raw text in the fields, still inert.
    await panel.getByRole('button', { name: 'Edit' }).click();
    expect(await panel.locator('input[name="title"]').inputValue()).toBe(`Title ${IMG}`);
    await expectInert(p);
  });

  it('in the knowledge base: search results and the doc itself', async () => {
    const p = await open('&view=docs&q=searchable');
    const hit = p.page.locator('[data-doc="D-001"]');
    await hit.locator('.snippet').waitFor();
    expect(await hit.locator('.doc-title').textContent()).toBe(`Doc ${IMG}`);
    expect(await hit.locator('.snippet').textContent()).toContain('searchable');
    await hit.click();
    const doc = p.page.locator('article.doc');
    await doc.waitFor();
    expect(await doc.locator('.doc-heading').textContent()).toBe(`Doc ${IMG}`);
    const body = (await doc.locator('.doc-body').textContent()) ?? '';
    for (const s of [SCRIPT, IFRAME, 'click me']) expect(body).toContain(s);
    expect(await doc.locator('.doc-body a').count()).toBe(0);
    expect(await doc.textContent()).toContain(AGENT);
    await expectInert(p);
  });

  it('in the dependency graph and the activity view', async () => {
    const p = await open('&view=graph');
    await p.page.locator('svg.graph [data-node="T-001"]').waitFor();
    expect(await p.page.locator('svg.graph [data-node="T-001"] title').textContent()).toBe(`T-001 Title ${IMG}`);
    expect(await p.page.locator('svg.graph image, svg.graph foreignObject').count()).toBe(0);
    await p.page.getByRole('link', { name: 'Activity' }).click();
    await p.page.locator('.feed-item', { hasText: 'wrote doc' }).first().waitFor();
    expect(await p.page.locator('.feed').textContent()).toContain(`Doc ${IMG}`);
    await expectInert(p);
  });

  it('would notice a payload that did run, and the CSP would still stop it', async () => {
    // The check itself works: HTML injected on purpose does set the flag.
    const p = await open('');
    await p.page.locator('[data-task="T-001"]').waitFor();
    await p.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), IMG);
    await expect.poll(() => p.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBe('img');
    // With the server's CSP in force, even injected markup cannot run inline code.
    const guarded = await open('', false);
    await guarded.page.locator('[data-task="T-001"]').waitFor();
    await guarded.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), IMG);
    await expect.poll(() => guarded.errors.some((e) => /Content Security Policy/i.test(e))).toBe(true);
    expect(await guarded.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  });
});
