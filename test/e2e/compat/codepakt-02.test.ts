import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, freePort, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

/**
 * A codepakt 0.2 client against this server: its HTTP calls (agent in the query string, empty JSON
 * bodies, the board fields and event filters its protocols read) and its command forms.
 */

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'compat');
}, 30_000);
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  cpk(args, { cwd: project.cwd, env: { ...project.env, ...env } });

/** A raw HTTP call the way codepakt 0.2 made it. */
async function http(
  method: string,
  path: string,
  init: { query?: Record<string, string>; body?: string; json?: unknown } = {},
) {
  const url = new URL(path, server.url);
  url.searchParams.set('project_id', project.projectId);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: method === 'GET' ? undefined : (body ?? ''),
  });
  return {
    status: res.status,
    // biome-ignore lint/suspicious/noExplicitAny: 0.2 answers are checked field by field against loose shapes
    body: (await res.json()) as { data?: any; error?: string; message?: string; details?: { path: string }[] },
  };
}

async function add(title: string, extra: Record<string, unknown> = {}) {
  const res = await http('POST', '/api/tasks', { json: { title, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; task_number: string; status: string; project_id: string };
}

describe('a codepakt 0.2 HTTP client', () => {
  it('finishes and blocks tasks with ?agent= in the query; dependents open', async () => {
    const first = await add('schema');
    const second = await add('api', { depends_on: [first.task_number] });
    expect(second.status).toBe('backlog');
    expect(
      (await http('POST', '/api/tasks/pickup', { query: { agent: 'old-agent' }, json: {} })).body.data.task_number,
    ).toBe(first.task_number);
    const done = await http('POST', `/api/tasks/${first.task_number}/done`, {
      query: { agent: 'old-agent' },
      json: { notes: 'built it' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'review', project_id: project.projectId });
    expect((await http('GET', `/api/tasks/${second.task_number}`)).body.data.status).toBe('open');

    const blocked = await http('POST', `/api/tasks/${second.task_number}/block`, {
      query: { agent: 'old-agent' },
      json: { reason: 'waiting on keys' },
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.data.blocker_reason).toBe('waiting on keys');
    const events = await http('GET', '/api/events', { query: { task_id: second.task_number, agent: 'old-agent' } });
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['task.blocked']);
  });

  it('the body agent wins over the query one; neither is a 400 naming agent', async () => {
    const t = await add('both');
    const picked = await http('POST', '/api/tasks/pickup', {
      query: { agent: 'query-agent', task_id: t.task_number },
      json: { agent: 'body-agent' },
    });
    expect(picked.body.data.assignee).toBe('body-agent');
    const none = await http('POST', `/api/tasks/${t.task_number}/done`, { json: {} });
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('validation_error');
    expect(none.body.details?.map((d) => d.path)).toEqual(['agent']);
    expect(
      (await http('POST', `/api/tasks/${t.task_number}/release`, { query: { agent: 'body-agent' }, body: '' })).body
        .data.status,
    ).toBe('open');
  });

  it('unblock with Content-Type: application/json and an empty body', async () => {
    const t = await add('stuck');
    await http('POST', `/api/tasks/${t.task_number}/block`, { json: { reason: 'x' } });
    const res = await http('POST', `/api/tasks/${t.task_number}/unblock`, { body: '' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.status).toBe('open');
    // Malformed JSON is still refused.
    expect((await http('POST', `/api/tasks/${t.task_number}/unblock`, { body: '{' })).status).toBe(400);
  });

  it('board status has by_status, blocked_tasks, agent_activity and coordination beside our fields', async () => {
    const res = await http('GET', '/api/board/status');
    const data = res.body.data;
    expect(data.by_status).toEqual(data.counts);
    expect(data.blocked_tasks).toEqual(data.blocked);
    expect(data.agent_activity).toEqual(data.agents);
    expect(data.agent_activity[0].project_id).toBe(project.projectId);
    expect(data.coordination).toMatchObject({ stale: false, cli_version: expect.any(String) });
    expect(data.coordination.file_version).toBe(data.coordination.cli_version);
    writeFileSync(join(project.cwd, '.codepakt', 'AGENTS.md'), '<!-- cpk_version: 0.2.0 -->\n# old\n');
    expect((await http('GET', '/api/board/status')).body.data.coordination).toMatchObject({
      stale: true,
      file_version: '0.2.0',
    });
    await run(['generate']);
  });

  it('tasks and agents carry project_id; events filter by task id too', async () => {
    const list = await http('GET', '/api/tasks');
    expect(list.body.data.every((t: { project_id: string }) => t.project_id === project.projectId)).toBe(true);
    const agents = await http('GET', '/api/agents');
    expect(agents.body.data.every((a: { project_id: string }) => a.project_id === project.projectId)).toBe(true);
    const t = list.body.data[0] as { id: string; task_number: string };
    const byId = await http('GET', '/api/events', { query: { task_id: t.id } });
    const byNumber = await http('GET', '/api/events', { query: { task_id: t.task_number } });
    expect(byId.body.data.length).toBeGreaterThan(0);
    expect(byNumber.body.data).toEqual(byId.body.data);
    expect((await http('GET', '/api/events', { query: { task_id: 'T-999' } })).status).toBe(404);
    const doc = await http('POST', '/api/docs', { json: { type: 'learning', title: 'Keys', body: 'rotate monthly' } });
    expect(doc.body.data.project_id).toBe(project.projectId);
    const docs = await http('GET', '/api/docs');
    expect(docs.body.data[0].project_id).toBe(project.projectId);
    expect((await http('GET', `/api/docs/${doc.body.data.id}`)).body.data.project_id).toBe(project.projectId);
  });
});

describe("codepakt 0.2's command forms", () => {
  it('task add with variadic --acceptance-criteria and --context-refs', async () => {
    const res = await run([
      'task',
      'add',
      '--title',
      'variadic',
      '--acceptance-criteria',
      'a',
      'b',
      '--context-refs',
      'README.md',
      'docs/x.md',
      '--priority',
      'P0',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const shown = (await run(['task', 'show', res.json<{ task_number: string }>().task_number])).json<{
      acceptance_criteria: string[];
      context_refs: string[];
    }>();
    expect(shown.acceptance_criteria).toEqual(['a', 'b']);
    expect(shown.context_refs).toEqual(['README.md', 'docs/x.md']);
    // Repeating the flag adds up, as before.
    const repeated = await run([
      'task',
      'add',
      '--title',
      'rep',
      '--acceptance-criteria',
      'one',
      '--acceptance-criteria',
      'two',
    ]);
    expect(
      (await run(['task', 'show', repeated.json<{ task_number: string }>().task_number])).json<{
        acceptance_criteria: string[];
      }>().acceptance_criteria,
    ).toEqual(['one', 'two']);
  });

  it('task update -a sets the assignee; task list -a / -l filter and limit', async () => {
    const t = (await run(['task', 'add', '--title', 'assign me'])).json<{ task_number: string }>();
    const updated = await run(['task', 'update', t.task_number, '-a', 'bob']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.json<{ assignee: string }>().assignee).toBe('bob');
    const byActor = await run(['task', 'update', t.task_number, '--priority', 'P2', '--agent', 'carol']);
    expect(byActor.json<{ assignee: string }>().assignee).toBe('bob');
    const list = await run(['task', 'list', '-a', 'bob']);
    expect(list.json<{ task_number: string }[]>().map((x) => x.task_number)).toEqual([t.task_number]);
    expect((await run(['task', 'list', '-l', '2'])).json<unknown[]>()).toHaveLength(2);
  });

  it('task done / block / unblock with --agent, the 0.2 protocol loop', async () => {
    const t = (await run(['task', 'add', '--title', 'loop', '--priority', 'P0'])).json<{ task_number: string }>();
    expect((await run(['task', 'pickup', '--agent', 'zed', '--id', t.task_number])).code).toBe(0);
    expect((await run(['task', 'block', t.task_number, '--agent', 'zed', '--reason', 'why'])).json()).toMatchObject({
      status: 'blocked',
    });
    expect((await run(['task', 'unblock', t.task_number])).json()).toMatchObject({ status: 'open' });
    expect((await run(['task', 'pickup', '--agent', 'zed', '--id', t.task_number])).code).toBe(0);
    expect((await run(['task', 'done', t.task_number, '--agent', 'zed', '--notes', 'did it'])).json()).toMatchObject({
      status: 'review',
    });
    expect(
      (await run(['task', 'mine', '--agent', 'zed'])).json<{ task_number: string }[]>().map((x) => x.task_number),
    ).toContain(t.task_number);
    const boardStatus = await run(['board', 'status']);
    expect(boardStatus.code).toBe(0);
    const summary = boardStatus.json<{
      by_status: Record<string, number>;
      blocked_tasks: unknown[];
      agent_activity: { name: string }[];
      coordination: { stale: boolean; cli_version: string };
    }>();
    expect(summary.by_status.review).toBeGreaterThan(0);
    expect(Array.isArray(summary.blocked_tasks)).toBe(true);
    expect(summary.agent_activity.map((a) => a.name)).toContain('zed');
    expect(summary.coordination).toMatchObject({ stale: false, cli_version: expect.any(String) });
  });

  it('server start -p and -d pick the port and the data dir', async () => {
    const dir = tempDir('cpk-data-');
    const port = await freePort();
    const started = await cpk(['server', 'start', '-p', String(port), '-d', dir]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.json<{ url: string }>().url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(join(dir, 'server.json')) || readdirSync(dir).length > 0).toBe(true);
    const stopped = await cpk(['server', 'stop'], { env: { CPK_DATA_DIR: dir } });
    expect(stopped.code, stopped.stderr).toBe(0);
  }, 30_000);

  it("replays the command reference of codepakt's generated AGENTS.md, form by form", async () => {
    const ok = async (...args: string[]) => {
      const res = await run(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
      return res;
    };
    const first = (await ok('task', 'add', '--title', 'Fix auth bug', '--priority', 'P0')).json<{
      task_number: string;
    }>().task_number;
    await ok('task', 'add', '--title', 'Build login', '--priority', 'P1', '--epic', 'Auth', '--depends-on', first);
    await ok(
      'task',
      'add',
      '--title',
      'Add tests',
      '--description',
      '...',
      '--verify',
      'pnpm test',
      '--acceptance-criteria',
      'All pass',
    );
    writeFileSync(
      join(project.cwd, 'tasks.json'),
      JSON.stringify([{ title: 'Bulk one' }, { title: 'Bulk two', priority: 'P2' }]),
    );
    await ok('task', 'add', '--batch', 'tasks.json');
    await ok('task', 'list');
    for (const s of ['open', 'in-progress', 'review', 'blocked', 'done', 'backlog'])
      await ok('task', 'list', '--status', s);
    await ok('task', 'list', '--epic', 'Auth');
    await ok('task', 'list', '--assignee', 'claude');
    await ok('task', 'show', first);
    await ok('task', 'mine', '--agent', 'claude');
    await ok('task', 'pickup', '--agent', 'claude', '--id', first);
    await ok('task', 'done', first, '--agent', 'claude', '--notes', 'what you did');
    const next = (await ok('task', 'pickup', '--agent', 'claude')).json<{ task_number: string }>().task_number;
    await ok('task', 'block', next, '--agent', 'claude', '--reason', 'why');
    await ok('task', 'unblock', next);
    await ok('task', 'update', next, '--status', 'open');
    await ok('task', 'update', next, '--priority', 'P0');
    await ok('task', 'update', next, '--assignee', 'claude');
    await ok('task', 'update', next, '--epic', 'Auth');
    await ok('task', 'update', next, '--title', 'Renamed', '--description', 'More', '--verify', 'npm test');
    await ok('docs', 'write', '--type', 'learning', '--title', 'Tokens', '--body', 'Rotate them');
    await ok('docs', 'search', 'Tokens');
    const docs = (await ok('docs', 'list')).json<{ id: string }[]>();
    await ok('docs', 'read', docs[0]!.id);
    await ok('server', 'status');
    await ok('board', 'status');
    await ok('agent', 'list');
    await ok('generate');
  }, 60_000);

  it('cpk agents-md generate is generate', async () => {
    const res = await run(['agents-md', 'generate']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ files: string[] }>().files).toContain('.codepakt/AGENTS.md');
  });
});
