import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.js';
import { createProject, ok, screenshotPath } from './browser.js';
import { useShop } from './shop-fixture.js';

/** The board as a person uses it: creating, docs, the graph, projects, their name, a phone; the API reference. */

const shop = useShop();

describe('dashboard board, more', { timeout: 180_000 }, () => {
  it('creates a task with every field and a dependency picked from the board', async () => {
    const p = await shop.open();
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
    const t = await shop.task(number ?? '');
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
    shop.expectClean(p);
  });

  it('searches the knowledge base with snippets and reads a doc as markdown', async () => {
    const p = await shop.open('&view=docs');
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
      shop.api.POST('/api/docs', {
        params: { query: shop.q },
        body: { type: 'learning', title: 'Inactivity timers drift', body: 'Measured inactivity drift.' },
      }),
    );
    await p.page.locator('[data-doc="D-003"]').waitFor();
    shop.expectClean(p);
  });

  it('draws the dependency graph with one node per task, and a node opens its task', async () => {
    const p = await shop.open('&view=graph');
    await p.page.locator('svg.graph [data-node="T-001"]').waitFor();
    const all = await ok(shop.api.GET('/api/tasks', { params: { query: { ...shop.q, limit: 1000 } } }));
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
    shop.expectClean(p);
  });

  it('switches projects and remembers the choice in the URL and across visits', async () => {
    const otherPath = tempDir('cpk-other-');
    const otherId = await createProject(shop.api, otherPath, 'other-project');
    await ok(
      shop.api.POST('/api/tasks', {
        params: { query: { project_id: otherId } },
        body: { title: 'Only in the other project' },
      }),
    );
    const p = await shop.open();
    await p.page.waitForSelector('[data-task="T-001"]');
    await p.page.getByLabel('Project').selectOption(otherId);
    await p.page.locator('[data-task="T-001"]', { hasText: 'Only in the other project' }).waitFor();
    expect(p.page.url()).toContain(`project=${otherId}`);
    await p.page.waitForSelector('[data-connection="live"]');
    // A new visit without ?project= opens the project chosen last.
    await p.page.goto(shop.server.url);
    await p.page.locator('[data-task="T-001"]', { hasText: 'Only in the other project' }).waitFor();
    expect(await p.page.title()).toContain('other-project');
    shop.expectClean(p);
  });

  it('records actions under the name the person sets', async () => {
    const p = await shop.open('&task=T-006');
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
    expect((await shop.task('T-006')).notes.at(-1)).toMatchObject({ author: 'alice', text: 'from alice' });
    expect(await p.page.evaluate(() => localStorage.getItem('cpk.actor'))).toBe('alice');
    shop.expectClean(p);
  });

  it('lays out for a narrow window', async () => {
    const p = await shop.open('', { viewport: { width: 390, height: 844 } });
    // A phone shows one column at a time (Open first); the others are in the page, hidden.
    await p.page.waitForSelector('[data-task="T-001"]', { state: 'attached' });
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.page.locator('[data-task="T-006"]').click();
    const box = await p.page.getByRole('dialog').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    await p.page.screenshot({ path: screenshotPath('board-narrow.png') });
    shop.expectClean(p);
  });

  it.each([360, 320])('keeps every column and every view in sight on a %i px phone', async (width) => {
    const p = await shop.open('', { viewport: { width, height: 780 } });
    await p.page.waitForSelector('[data-task="T-001"]', { state: 'attached' });
    // A tab partly outside its bar (scrolled out of view, or past the window's edge) is one a person misses.
    const hidden = await p.page.evaluate(() => {
      const out: string[] = [];
      for (const bar of document.querySelectorAll('.column-picker, .app-header .tabs')) {
        const box = bar.getBoundingClientRect();
        const right = Math.min(box.right, window.innerWidth);
        for (const tab of bar.querySelectorAll('.tab')) {
          const r = tab.getBoundingClientRect();
          if (r.width === 0 || r.left < box.left - 0.5 || r.right > right + 0.5) out.push(tab.textContent ?? '');
        }
      }
      return out;
    });
    expect(hidden).toEqual([]);
    expect(await p.page.locator('.column-picker .tab').count()).toBe(5);
    expect(await p.page.locator('.app-header .tabs .tab').count()).toBe(4);
    await p.page.locator('[data-pick="done"]').click();
    await p.page.locator('.column-done').waitFor({ state: 'visible' });
    expect(await p.page.locator('.column-open').isVisible()).toBe(false);
    await p.page.screenshot({ path: screenshotPath(`board-phone-${width}.png`) });
    shop.expectClean(p);
  });
});

describe('API reference', { timeout: 180_000 }, () => {
  it('renders the whole API from our server only, linked from the dashboard', async () => {
    const p = await shop.open();
    await p.page.locator('a.ref-link').click();
    await p.page.waitForURL(/\/reference$/);
    await p.page.getByText('Liveness, version and uptime').first().waitFor();
    // Open every tag group of the sidebar: each operation is then listed by its summary.
    const closed = p.page.locator('li[data-sidebar-id*="/tag/"] > div > button[aria-expanded="false"]:visible');
    for (let i = 0; i < 20 && (await closed.count()) > 0; i++) await closed.first().click();
    const doc = (await (await fetch(`${shop.server.url}/openapi.json`)).json()) as {
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
    shop.expectClean(p);
  });
});
