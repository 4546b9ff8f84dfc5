import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';
import {
  type DashboardPage,
  apiFor,
  closeSuite,
  createProject,
  launchBrowser,
  ok,
  openPage,
  screenshotPath,
} from './browser.js';

let server: RunningServer;
let browser: Browser;
let api: ApiClient;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
let q: { project_id: string };
const pages: DashboardPage[] = [];

async function open(path = '', options: Parameters<typeof openPage>[3] = {}): Promise<DashboardPage> {
  const p = await openPage(browser, server, `/?project=${project.projectId}${path}`, options);
  p.page.setDefaultTimeout(30_000);
  pages.push(p);
  await p.page.waitForSelector('[data-connection="live"]');
  return p;
}

/** No console errors (but the ones a test provokes on purpose) and no request to another host. */
function expectClean(p: DashboardPage, allowed: RegExp[] = []): void {
  expect(p.errors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
  expect(p.foreignRequests()).toEqual([]);
}

async function task(ref: string) {
  return (await ok(api.GET('/api/tasks/{id}', { params: { path: { id: ref }, query: q } }))).data;
}

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'shop');
  api = apiFor(server);
  q = { project_id: project.projectId };
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
  browser = await launchBrowser();
}, 120_000);

afterAll(() => closeSuite(pages, browser, server));

describe('dashboard board', { timeout: 180_000 }, () => {
  it('renders seeded tasks in the right columns, with counts, in light and dark', async () => {
    const p = await open();
    const expected: Record<string, string[]> = {
      backlog: ['T-003'],
      open: ['T-006', 'T-008'],
      'in-progress': ['T-002', 'T-009'],
      review: ['T-001', 'T-007'],
      done: ['T-005'],
    };
    for (const [status, numbers] of Object.entries(expected)) {
      const column = p.page.locator(`section[data-status="${status}"]`);
      await expect
        .poll(() =>
          column.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')).sort()),
        )
        .toEqual(numbers);
      await expect.poll(() => p.page.locator(`[data-count="${status}"]`).textContent()).toBe(String(numbers.length));
    }
    await expect
      .poll(() =>
        p.page.locator('.blocked-band [data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task'))),
      )
      .toEqual(['T-004']);
    expect(await p.page.locator('.blocked-band').textContent()).toContain('needs a decision on hosting');
    const card = p.page.locator('[data-task="T-002"]');
    expect(await card.textContent()).toMatch(/P1/);
    expect(await card.textContent()).toContain('@codex-2');
    expect(await card.textContent()).toMatch(/\d+m left/);
    // A lease that ran out is called out on the card and in the agents panel.
    const lapsed = p.page.locator('[data-task="T-009"] .lease-expired');
    await lapsed.waitFor();
    expect(await lapsed.textContent()).toBe('lease expired');
    expect(await p.page.locator('[data-agent="sleepy-agent"] .lease-expired').textContent()).toBe('lease expired');
    expect(await p.page.locator('a.ref-link').getAttribute('href')).toBe('/reference');
    await p.page.screenshot({ path: screenshotPath('board-light.png'), fullPage: true });
    // Done folds away and opens again; its count stays.
    await p.page.getByRole('button', { name: 'Hide done tasks' }).click();
    expect(await p.page.locator('section[data-status="done"] [data-task]').count()).toBe(0);
    expect(await p.page.locator('[data-count="done"]').textContent()).toBe('1');
    await p.page.getByRole('button', { name: 'Show done tasks' }).click();
    await p.page.locator('section[data-status="done"] [data-task="T-005"]').waitFor();
    const lightBg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    const dark = await open('', { colorScheme: 'dark' });
    await dark.page.waitForSelector('[data-task="T-001"]');
    await dark.page.screenshot({ path: screenshotPath('board-dark.png'), fullPage: true });
    const darkBg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBg).not.toBe(lightBg);

    // The toggle overrides the system preference and is remembered.
    await p.page.click('.theme-toggle');
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
    await p.page.reload();
    await p.page.waitForSelector('[data-task="T-001"]');
    expect(await p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await p.page.click('.theme-toggle');
    expect(await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(lightBg);
    expectClean(p);
    expectClean(dark);
  });

  it('shows a task added by a real cpk process live, without reload or polling', async () => {
    const p = await open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.waitForSelector('[data-agent="claude-1"]');
    await p.page.waitForSelector('.activity .feed-item');
    await p.page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    // Once loaded, the page sits on its event stream: no request goes out while nothing changes.
    const before = p.requests.length;
    await p.page.waitForTimeout(2_500);
    expect(p.requests.slice(before)).toEqual([]);

    const added = await cpk(['task', 'add', '--title', 'Added live by cpk', '--epic', 'live'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(added.code, added.stderr).toBe(0);
    const number = added.json<{ task_number: string }>().task_number;
    await p.page.locator(`section[data-status="open"] [data-task="${number}"]`).waitFor();
    expect(await p.page.locator(`[data-task="${number}"]`).textContent()).toContain('Added live by cpk');
    await p.page.locator('.activity .feed-item', { hasText: 'Added live by cpk' }).first().waitFor();
    expect(await p.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');

    // An agent picks it up through the CLI: the card moves and the agents panel follows.
    const picked = await cpk(['task', 'pickup', '--id', number, '--agent', 'live-agent'], {
      cwd: project.cwd,
      env: project.env,
    });
    expect(picked.code, picked.stderr).toBe(0);
    await p.page.locator(`section[data-status="in-progress"] [data-task="${number}"]`).waitFor();
    const agent = p.page.locator('[data-agent="live-agent"]');
    await agent.waitFor();
    await expect.poll(() => agent.textContent()).toContain(number);
    expect(await agent.textContent()).toContain('working');
    expect(p.requests.filter((u) => new URL(u).pathname === '/api/tasks').length).toBe(6);
    expectClean(p);
  });

  it('approve moves a card from Review to Done and the server agrees', async () => {
    const p = await open();
    await p.page.locator('section[data-status="review"] [data-task="T-007"]').click();
    const panel = p.page.locator('.task-panel[data-panel-task="T-007"]');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await p.page.locator('section[data-status="done"] [data-task="T-007"]').waitFor();
    expect(await p.page.locator('section[data-status="review"] [data-task="T-007"]').count()).toBe(0);
    const t = await task('T-007');
    expect(t.status).toBe('done');
    expect(t.completed_at).not.toBeNull();
    await panel.locator('.timeline .tl-item', { hasText: 'approved' }).waitFor();
    expect(await panel.locator('.timeline').textContent()).toContain('human');
    expectClean(p);
  });

  it('block, unblock, note and edit round-trip through the server', async () => {
    const p = await open('&task=T-008');
    const panel = p.page.locator('.task-panel[data-panel-task="T-008"]');
    await panel.waitFor();

    await panel.getByRole('button', { name: 'Block…' }).click();
    await panel.locator('input[name="reason"]').fill('waiting for the design review');
    await panel.locator('.block-form').getByRole('button', { name: 'Block' }).click();
    await panel.locator('.blocker-reason', { hasText: 'waiting for the design review' }).waitFor();
    let t = await task('T-008');
    expect(t.status).toBe('blocked');
    expect(t.blocker_reason).toBe('waiting for the design review');
    await p.page.locator('.blocked-band [data-task="T-008"]').waitFor();

    await panel.getByRole('button', { name: 'Unblock' }).click();
    await p.page.locator('section[data-status="open"] [data-task="T-008"]').waitFor();
    t = await task('T-008');
    expect(t.status).toBe('open');
    expect(t.blocker_reason).toBeNull();

    await panel.locator('textarea[name="note"]').fill('Checked with the team: go ahead.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.locator('.note-text', { hasText: 'Checked with the team: go ahead.' }).waitFor();
    t = await task('T-008');
    expect(t.notes.at(-1)).toMatchObject({ author: 'human', text: 'Checked with the team: go ahead.' });

    await panel.getByRole('button', { name: 'Edit' }).click();
    const form = panel.locator('form.edit-form');
    await form.locator('input[name="title"]').fill('Block me, renamed');
    await form.locator('select[name="priority"]').selectOption('P0');
    await form.locator('input[name="epic"]').fill('core');
    await form.locator('input[name="tags"]').fill('alpha, beta');
    await form.locator('input[name="assignee"]').fill('reviewer-9');
    await form.locator('textarea[name="description"]').fill('Now with a **description**.');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    t = await task('T-008');
    expect(t).toMatchObject({
      title: 'Block me, renamed',
      priority: 'P0',
      epic: 'core',
      tags: ['alpha', 'beta'],
      assignee: 'reviewer-9',
      description: 'Now with a **description**.',
    });
    await panel.locator('.description strong', { hasText: 'description' }).waitFor();
    await p.page.locator('[data-task="T-008"]', { hasText: 'Block me, renamed' }).waitFor();
    expect(await p.page.locator('[data-task="T-008"]').textContent()).toContain('P0');

    // A change the server refuses is explained in words, and nothing changes.
    await panel.getByRole('button', { name: 'Edit' }).click();
    await form.locator('input[name="tags"]').fill(`ok, ${'x'.repeat(60)}`);
    await form.getByRole('button', { name: 'Save' }).click();
    const error = form.locator('.error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/tags/);
    expect((await task('T-008')).tags).toEqual(['alpha', 'beta']);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Status set by hand (the human override): straight to in progress.
    await panel.getByRole('button', { name: 'Edit' }).click();
    await form.locator('select[name="status"]').selectOption('in-progress');
    await form.getByRole('button', { name: 'Save' }).click();
    await p.page.locator('section[data-status="in-progress"] [data-task="T-008"]').waitFor();
    expect((await task('T-008')).status).toBe('in-progress');
    await panel.getByRole('button', { name: 'Release' }).click();
    await p.page.locator('section[data-status="open"] [data-task="T-008"]').waitFor();
    expect((await task('T-008')).status).toBe('open');
    expectClean(p, [/status of 400/]);
  });

  it('works from the keyboard: Tab to a card, Enter opens it, Escape closes it', async () => {
    const p = await open();
    const card = p.page.locator('[data-task="T-006"]');
    await card.waitFor();
    await p.page.locator('.filter-text').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await p.page.keyboard.press('Tab');
      reached = await p.page.evaluate(() => document.activeElement?.getAttribute('data-task') === 'T-006');
    }
    expect(reached).toBe(true);
    await p.page.keyboard.press('Enter');
    const dialog = p.page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-label')).toContain('T-006');
    await dialog.locator('.description a', { hasText: 'link' }).waitFor();
    expect(await dialog.locator('.description a').getAttribute('href')).toBe('https://example.com/x');
    expect(p.page.url()).toContain('task=T-006');
    await p.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(p.page.url()).not.toContain('task=');
    expect(await p.page.evaluate(() => document.activeElement?.getAttribute('data-task'))).toBe('T-006');
    expectClean(p);
  });

  it('filters by text, epic and assignee', async () => {
    const p = await open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.locator('.filter-text').fill('repository');
    await expect.poll(() => p.page.locator('[data-task]').count()).toBe(1);
    await p.page.locator('.filter-text').fill('');
    await p.page.getByLabel('Epic').selectOption('backend');
    await expect
      .poll(() => p.page.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task'))))
      .toEqual(['T-002']);
    expect(p.page.url()).toContain(`project=${project.projectId}`);
    await p.page.getByRole('button', { name: 'Clear filters' }).click();
    await p.page.getByLabel('Assignee').selectOption('claude-1');
    await expect
      .poll(async () =>
        (await p.page.locator('[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')))).sort(),
      )
      .toEqual(['T-001', 'T-005', 'T-007']);
    expectClean(p);
  });

  it('creates a task with every field and a dependency picked from the board', async () => {
    const p = await open();
    await p.page.getByRole('button', { name: 'New task' }).click();
    const form = p.page.locator('form.create-form');
    await form.locator('input[name="title"]').fill('Created in the dashboard');
    await form.locator('textarea[name="description"]').fill('Some *details*.');
    await form.locator('select[name="priority"]').selectOption('P0');
    await form.locator('input[name="epic"]').fill('web');
    await form.locator('input[name="tags"]').fill('dash, form');
    await form.locator('input[name="capabilities"]').fill('typescript');
    await form.getByLabel('Find a task to depend on').fill('Build the');
    await form.locator('[data-dep="T-003"]').click();
    await form.locator('textarea[name="acceptance_criteria"]').fill('renders\nis tested');
    await form.locator('input[name="context_refs"]').fill('D-001, src/app.ts');
    await form.locator('input[name="verify"]').fill('npm test -- dash');
    await form.getByRole('button', { name: 'Create task' }).click();
    const panel = p.page.locator('.task-panel', { hasText: 'Created in the dashboard' });
    await panel.waitFor();
    const number = await panel.getAttribute('data-panel-task');
    const t = await task(number ?? '');
    expect(t).toMatchObject({
      title: 'Created in the dashboard',
      description: 'Some *details*.',
      priority: 'P0',
      epic: 'web',
      tags: ['dash', 'form'],
      capabilities: ['typescript'],
      depends_on: ['T-003'],
      acceptance_criteria: ['renders', 'is tested'],
      context_refs: ['D-001', 'src/app.ts'],
      verify: 'npm test -- dash',
      status: 'backlog',
    });
    await p.page.locator(`section[data-status="backlog"] [data-task="${number}"]`).waitFor();
    // Its context ref opens the doc it names.
    await panel.getByRole('link', { name: 'D-001' }).click();
    await p.page.locator('article.doc[data-doc-id="D-001"]').waitFor();
    expectClean(p);
  });

  it('searches the knowledge base with snippets and reads a doc as markdown', async () => {
    const p = await open('&view=docs');
    await p.page.locator('[data-doc="D-002"]').waitFor();
    await p.page.getByRole('button', { name: 'decision', exact: true }).click();
    await expect.poll(() => p.page.locator('[data-doc]').count()).toBe(1);
    await p.page.getByRole('button', { name: 'all', exact: true }).click();
    await p.page.getByLabel('Search the knowledge base').fill('inactivity');
    const hit = p.page.locator('[data-doc="D-001"] .snippet');
    await hit.waitFor();
    expect(await hit.locator('mark').allTextContents()).toContainEqual(expect.stringMatching(/^inactivity$/i));
    expect(await p.page.locator('[data-doc]').count()).toBe(1);
    await p.page.locator('[data-doc="D-001"]').click();
    const doc = p.page.locator('article.doc[data-doc-id="D-001"]');
    await doc.waitFor();
    expect(await doc.locator('.doc-body strong').textContent()).toBe('15 minutes');
    expect(await doc.locator('.doc-body li').allTextContents()).toEqual(['short-lived', 'refreshable']);
    expect(p.page.url()).toContain('doc=D-001');
    // A doc written meanwhile shows up without reload.
    await ok(
      api.POST('/api/docs', {
        params: { query: q },
        body: { type: 'learning', title: 'Inactivity timers drift', body: 'Measured inactivity drift.' },
      }),
    );
    await p.page.locator('[data-doc="D-003"]').waitFor();
    expectClean(p);
  });

  it('draws the dependency graph with one node per task, and a node opens its task', async () => {
    const p = await open('&view=graph');
    await p.page.locator('svg.graph [data-node="T-001"]').waitFor();
    const all = await ok(api.GET('/api/tasks', { params: { query: { ...q, limit: 1000 } } }));
    await expect.poll(() => p.page.locator('svg.graph [data-node]').count()).toBe(all.data.length);
    const numbers = await p.page
      .locator('svg.graph [data-node]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node')).sort());
    expect(numbers).toEqual(all.data.map((t) => t.task_number).sort());
    const edges = all.data.reduce((n, t) => n + t.depends_on.length, 0);
    expect(await p.page.locator('svg.graph path.edge').count()).toBe(edges);
    expect(await p.page.locator('svg.graph [data-node="T-002"]').getAttribute('class')).toContain('status-in-progress');
    await p.page.locator('svg.graph [data-node="T-002"]').click();
    await p.page.locator('.task-panel[data-panel-task="T-002"]').waitFor();
    await p.page.screenshot({ path: screenshotPath('graph.png') });
    expectClean(p);
  });

  it('switches projects and remembers the choice in the URL and across visits', async () => {
    const otherPath = tempDir('cpk-other-');
    const otherId = await createProject(api, otherPath, 'other-project');
    await ok(
      api.POST('/api/tasks', {
        params: { query: { project_id: otherId } },
        body: { title: 'Only in the other project' },
      }),
    );
    const p = await open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.getByLabel('Project').selectOption(otherId);
    await p.page.locator('[data-task="T-001"]', { hasText: 'Only in the other project' }).waitFor();
    expect(p.page.url()).toContain(`project=${otherId}`);
    await p.page.waitForSelector('[data-connection="live"]');
    // A new visit without ?project= opens the project chosen last.
    await p.page.goto(server.url);
    await p.page.locator('[data-task="T-001"]', { hasText: 'Only in the other project' }).waitFor();
    expect(await p.page.title()).toContain('other-project');
    expectClean(p);
  });

  it('records actions under the name the person sets', async () => {
    const p = await open('&task=T-006');
    const panel = p.page.locator('.task-panel[data-panel-task="T-006"]');
    await panel.waitFor();
    await p.page.keyboard.press('Escape');
    await p.page.locator('button.actor').click();
    await p.page.getByLabel('Your name').fill('alice');
    await p.page.locator('.actor-form').getByRole('button', { name: 'Save' }).click();
    await p.page.locator('[data-task="T-006"]').click();
    await panel.locator('textarea[name="note"]').fill('from alice');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.locator('.note-text', { hasText: 'from alice' }).waitFor();
    expect((await task('T-006')).notes.at(-1)).toMatchObject({ author: 'alice', text: 'from alice' });
    expect(await p.page.evaluate(() => localStorage.getItem('cpk.actor'))).toBe('alice');
    expectClean(p);
  });

  it('lays out for a narrow window', async () => {
    const p = await open('', { viewport: { width: 390, height: 844 } });
    // A phone shows one column at a time (Open first); the others are in the page, hidden.
    await p.page.waitForSelector('[data-task="T-001"]', { state: 'attached' });
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.page.locator('[data-task="T-006"]').click();
    const box = await p.page.getByRole('dialog').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    await p.page.screenshot({ path: screenshotPath('board-narrow.png') });
    expectClean(p);
  });
});

describe('API reference', { timeout: 180_000 }, () => {
  it('renders the whole API from our server only, linked from the dashboard', async () => {
    const p = await open();
    await p.page.locator('a.ref-link').click();
    await p.page.waitForURL(/\/reference$/);
    await p.page.getByText('Liveness, version and uptime').first().waitFor();
    // Open every tag group of the sidebar: each operation is then listed by its summary.
    const closed = p.page.locator('li[data-sidebar-id*="/tag/"] > div > button[aria-expanded="false"]:visible');
    for (let i = 0; i < 20 && (await closed.count()) > 0; i++) await closed.first().click();
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    const body = await p.page.evaluate(() => document.body.textContent);
    const summaries = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .map((op) => op.summary)
        .filter((s): s is string => !!s),
    );
    expect(summaries.length).toBeGreaterThan(20);
    const missing = summaries.filter((s) => !body.includes(s));
    expect(missing).toEqual([]);
    expectClean(p);
  });
});
