import { describe, expect, it } from 'vitest';
import contract from '../../../openapi/openapi.json';
import { type OpenApiDocument, toolList } from '../../../src/shared/mcp/schema.js';
import { httpClient, initializeBody, MCP_HEADERS, mcpUrl } from '../../helpers/mcp.js';
import { cpk, initProject, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';

let server: RunningServer;
let projectId: string;
let project: { cwd: string; env: NodeJS.ProcessEnv };

useServer(async (s) => {
  server = s;
  const p = await initProject(s, 'mcp-http');
  projectId = p.projectId;
  project = p;
});

const as = (agent?: string) => httpClient(server, { project_id: projectId, agent });

/** The task as the REST API shows it, read with the CLI. */
async function shown(number: string): Promise<Record<string, unknown>> {
  const res = await cpk(['task', 'show', number], project);
  expect(res.code, res.stderr).toBe(0);
  return res.json();
}

/**
 * Tokens of the tool list, two ways: bytes / 4 (the usual rule of thumb for English and JSON), and a
 * count that is an upper bound for JSON under any BPE tokenizer: every run of letters and digits one
 * token, and every other character on its own (quotes, colons and braces each counted separately).
 */
function tokenEstimates(text: string): { bytes: number; quarterBytes: number; wordsAndPunctuation: number } {
  const bytes = Buffer.byteLength(text);
  return {
    bytes,
    quarterBytes: Math.ceil(bytes / 4),
    wordsAndPunctuation: (text.match(/[A-Za-z0-9]+|[^\sA-Za-z0-9]/g) ?? []).length,
  };
}

describe('MCP over Streamable HTTP (/mcp)', () => {
  it('lists at most 8 tools, under 1,500 tokens, with the schemas of the contract', async () => {
    const mcp = await as('lister');
    const { tools } = await mcp.client.listTools();
    await mcp.close();
    expect(tools.length).toBeLessThanOrEqual(8);
    expect(tools.map((t) => t.name)).toEqual(['pickup', 'note', 'done', 'tasks', 'add', 'docs', 'write_doc']);
    const size = tokenEstimates(JSON.stringify({ tools }));
    console.log(`MCP tools/list (HTTP): ${JSON.stringify(size)}`);
    expect(size.quarterBytes).toBeLessThanOrEqual(1500);
    expect(size.wordsAndPunctuation).toBeLessThanOrEqual(1500);
    // The server reads them from its own contract; cpk mcp from the one it ships: the same list.
    expect(tools).toEqual(toolList(contract as OpenApiDocument));
    // The routes' bounds and enums come along: a priority is one of the contract's.
    const add = tools.find((t) => t.name === 'add')!;
    expect((add.inputSchema.properties as Record<string, { enum?: string[] }>).priority?.enum).toEqual([
      'P0',
      'P1',
      'P2',
    ]);
  });

  it('runs the agent loop: add, pickup, note, done', async () => {
    const mcp = await as('http-agent');
    const added = await mcp.call('add', {
      title: 'Loop over MCP',
      priority: 'P0',
      tags: ['mcp'],
      files: ['src/mcp/**'],
    });
    expect(added).toMatchObject({ isError: false, value: { status: 'open' } });
    const number = added.value.task_number as string;
    const picked = await mcp.call('pickup', { task_id: number });
    expect(picked.isError, picked.text).toBe(false);
    expect(picked.value).toMatchObject({ task_number: number, status: 'in-progress', assignee: 'http-agent' });
    expect(picked.value).not.toHaveProperty('id');
    expect(picked.value.files).toEqual(['src/mcp/**']);
    const noted = await mcp.call('note', { id: number, text: 'half way there' });
    expect(noted.value).toMatchObject({ task_number: number, status: 'in-progress' });
    const done = await mcp.call('done', { id: number, notes: 'finished' });
    expect(done.value).toMatchObject({ task_number: number, status: 'review' });
    await mcp.close();
    const task = await shown(number);
    expect(task).toMatchObject({ status: 'review', assignee: 'http-agent', priority: 'P0' });
    expect(JSON.stringify(task.notes)).toContain('half way there');
    expect(JSON.stringify(task.notes)).toContain('finished');
  });

  it('shows and lists tasks, blocks with a reason, writes, searches and reads docs', async () => {
    const mcp = await as('reader');
    const { value } = await mcp.call('add', { title: 'To be blocked' });
    const number = value.task_number as string;
    const blocked = await mcp.call('note', { id: number, text: 'waiting on credentials', block: true });
    expect(blocked.value).toMatchObject({ status: 'blocked', blocker_reason: 'waiting on credentials' });
    const one = await mcp.call('tasks', { id: number.toLowerCase() });
    expect(one.value).toMatchObject({ task_number: number, title: 'To be blocked', status: 'blocked' });
    const list = await mcp.call<{ tasks: { task_number: string }[] }>('tasks', { status: 'blocked' });
    expect(list.value.tasks.map((t) => t.task_number)).toEqual([number]);
    const doc = await mcp.call('write_doc', { type: 'decision', title: 'Token lifetime', body: 'Fifteen minutes.' });
    expect(doc.value).toMatchObject({ type: 'decision', title: 'Token lifetime' });
    const hits = await mcp.call<{ id: string; snippet: string }[]>('docs', { q: 'fifteen' });
    expect(hits.value.map((h) => h.id)).toEqual([doc.value.id]);
    expect(hits.value[0]?.snippet).toContain('**Fifteen**');
    const read = await mcp.call('docs', { id: doc.value.id as string });
    expect(read.value).toMatchObject({ body: 'Fifteen minutes.', author: 'reader' });
    await mcp.close();
  });

  it('answers failures as tool errors carrying the API code and message, naming the field, never a stack', async () => {
    const mcp = await as('erring');
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['done', { id: 'T-999' }, 'task_not_found'],
      ['add', { title: '' }, 'validation_error', 'title'],
      ['add', { title: 'x', priority: 'P9' }, 'validation_error', 'priority'],
      ['pickup', { lease: 60 }, 'validation_error', 'lease'],
      ['pickup', { wait: 51 }, 'validation_error', 'wait'],
      ['pickup', { wait: 'soon' }, 'validation_error', 'wait'],
      ['note', { id: 'T-001', text: '', block: true }, 'validation_error', 'text'],
      ['note', { id: 7, text: 'x' }, 'validation_error', 'id'],
      ['docs', {}, 'validation_error', 'q'],
      ['tasks', { id: 'T-001', status: 'open' }, 'validation_error', 'status'],
      ['no_such_tool', {}, 'validation_error', 'name'],
    ];
    for (const [tool, args, code, path] of cases) {
      const answer = await mcp.call<{ error: string; message: string; details?: { path: string }[] }>(tool, args);
      expect(answer.isError, `${tool} ${answer.text}`).toBe(true);
      expect(answer.value.error, answer.text).toBe(code);
      expect(answer.value.message.length).toBeGreaterThan(0);
      if (path)
        expect(
          answer.value.details?.map((d) => d.path),
          answer.text,
        ).toContain(path);
      expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d|\.js:\d/);
    }
    // A task done by someone else: the route's 409, as a tool error.
    const { value } = await mcp.call('add', { title: 'Held by another' });
    const other = await as('someone-else');
    await other.call('pickup', { task_id: value.task_number as string });
    const conflict = await mcp.call('done', { id: value.task_number as string });
    expect(conflict).toMatchObject({ isError: true, value: { error: 'conflict' } });
    await other.close();
    await mcp.close();
  });

  it('waits for work when asked: a task added during the wait is the one picked up', async () => {
    const mcp = await as('waiter');
    const started = Date.now();
    const waiting = mcp.call('pickup', { wait: 20 });
    await new Promise((r) => setTimeout(r, 700));
    const added = await cpk(['task', 'add', '--title', 'Arrives while waiting', '-p', 'P0'], project);
    const number = added.json<{ task_number: string }>().task_number;
    const picked = await waiting;
    expect(picked.value).toMatchObject({ task_number: number, assignee: 'waiter' });
    expect(Date.now() - started).toBeLessThan(15_000);
    await mcp.call('done', { id: number });
    await mcp.close();
  });

  it('says how to name the agent when the connection names none', async () => {
    const mcp = await as(undefined);
    const answer = await mcp.call<{ error: string; message: string }>('pickup');
    expect(answer).toMatchObject({ isError: true, value: { error: 'validation_error' } });
    expect(answer.value.message).toContain('/mcp?project_id=');
    expect(answer.value.message).toContain('agent=NAME');
    await mcp.close();
  });

  it('gives one task to exactly one of two clients racing for it, round after round', async () => {
    const [a, b] = await Promise.all([as('racer-a'), as('racer-b')]);
    for (let round = 0; round < 10; round++) {
      const { value } = await a.call('add', { title: `Race ${round}`, priority: 'P0' });
      const number = value.task_number as string;
      const answers = await Promise.all([a.call('pickup', { task_id: number }), b.call('pickup', { task_id: number })]);
      const winners = answers.filter((x) => !x.isError);
      expect(winners, JSON.stringify(answers.map((x) => x.text))).toHaveLength(1);
      expect(answers.find((x) => x.isError)?.value.error).toBe('conflict');
      expect((await shown(number)).assignee).toBe(winners[0]!.value.assignee);
      await (winners[0]!.value.assignee === 'racer-a' ? a : b).call('done', { id: number });
    }
    // Without task_id too: one open task, two pickups, one winner and one `no_tasks_available`.
    await a.call('add', { title: 'Last one', priority: 'P0' });
    const answers = await Promise.all([a.call('pickup'), b.call('pickup')]);
    expect(answers.filter((x) => !x.isError)).toHaveLength(1);
    expect(answers.find((x) => x.isError)?.value.error).toBe('no_tasks_available');
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a connection without a project, with an unknown one, and anything but POST', async () => {
    const post = (query: string) =>
      fetch(`${server.url}/mcp${query}`, { method: 'POST', headers: MCP_HEADERS, body: initializeBody() });
    const missing = await post('');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'validation_error', details: [{ path: 'project_id' }] });
    const unknown = await post('?project_id=no-such-project');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'project_not_found' });
    const badAgent = await post(`?project_id=${projectId}&agent=${encodeURIComponent('a\u0001b')}`);
    expect(badAgent.status).toBe(400);
    expect(await badAgent.json()).toMatchObject({ details: [{ path: 'agent' }] });
    const get = await fetch(mcpUrl(server, { project_id: projectId }), { headers: MCP_HEADERS });
    expect(get.status).toBe(405);
    await expect(httpClient(server, { project_id: 'no-such-project' })).rejects.toThrow();
  });

  it('is not part of the REST contract', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/mcp'))).toBe(false);
  });
});
