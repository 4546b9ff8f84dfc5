import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpk, type RunningServer } from '../../helpers/processes.js';
import { useServer } from '../../helpers/suite.js';
import { tempDir } from '../../helpers/temp.js';
import { addToken, initWithToken, type MadeToken, send } from './setup.js';

const SHARED = 'shared-secret-token';
const dataDir = tempDir('cpk-acting-');
let server: RunningServer;
let cwd: string;
let projectId: string;
let alice: MadeToken;
let bob: MadeToken;
let pat: MadeToken;
/** A cpk call in the project folder, with this token and no CPK_AGENT. */
let as: (token: string, args: string[], env?: NodeJS.ProcessEnv) => ReturnType<typeof cpk>;

useServer(
  async (s) => {
    server = s;
    cwd = tempDir('cpk-acting-proj-');
    const init = await initWithToken(s, cwd, SHARED, 'acting');
    projectId = init.projectId;
    as = (token, args, env = {}) => cpk(args, { cwd, env: { ...init.env, CPK_TOKEN: token, ...env } });
  },
  { dataDir, args: ['--token', SHARED] },
);

// Made before the server starts (it reads them at start) and after (it sees them live).
alice = await addToken(dataDir, '--agent', 'alice');
pat = await addToken(dataDir, '--person', 'pat');

const q = (extra = '') => `?project_id=${projectId}${extra}`;

/** The assignee the server has for a task (pickup's own output leaves it out: it is the caller). */
async function assigneeOf(number: string): Promise<unknown> {
  return (await send(server, SHARED, 'GET', `/api/tasks/${number}${q()}`)).body.data?.assignee;
}

describe('a token bound to an agent', () => {
  it('is that agent by default: cpk task add, pickup, mine, done, docs write without --agent', async () => {
    const add = await as(alice.token, ['task', 'add', '--title', 'Bound work']);
    expect(add.code, add.stderr).toBe(0);
    const pickup = await as(alice.token, ['task', 'pickup']);
    expect(pickup.code, pickup.stderr).toBe(0);
    const number = pickup.json<{ task_number: string }>().task_number;
    expect(await assigneeOf(number)).toBe('alice');
    const mine = await as(alice.token, ['task', 'mine']);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.json<{ task_number: string }[]>().map((t) => t.task_number)).toContain(number);
    const done = await as(alice.token, ['task', 'done', number, '--notes', 'did it']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ status: 'review' });
    const doc = await as(alice.token, ['docs', 'write', '--type', 'learning', '--title', 'Bound', '--body', 'b']);
    expect(doc.code, doc.stderr).toBe(0);
    expect(doc.json()).toMatchObject({ author: 'alice' });

    const events = await send(server, SHARED, 'GET', `/api/events${q('&task_id=')}${number}`);
    // Created, picked up, reported done: each recorded as alice.
    const actors = (events.body.data as unknown as { type: string; actor: string }[]).map((e) => e.actor);
    expect(actors.length).toBeGreaterThanOrEqual(3);
    expect(new Set(actors)).toEqual(new Set(['alice']));
  });

  it('may name itself: cpk with --agent alice and with CPK_AGENT=alice', async () => {
    await as(alice.token, ['task', 'add', '--title', 'Named work']);
    const pickup = await as(alice.token, ['task', 'pickup', '--agent', 'alice']);
    expect(pickup.code, pickup.stderr).toBe(0);
    const number = pickup.json<{ task_number: string }>().task_number;
    const done = await as(alice.token, ['task', 'done', number], { CPK_AGENT: 'alice' });
    expect(done.code, done.stderr).toBe(0);
  });

  it('cannot act as another agent through cpk: 403 forbidden naming both, exit 1, nothing done', async () => {
    await as(SHARED, ['task', 'add', '--title', 'Not for bob']);
    for (const [args, env] of [
      [['task', 'pickup', '--agent', 'bob'], {}],
      [['task', 'pickup'], { CPK_AGENT: 'bob' }],
      [['task', 'add', '--title', 'as bob', '--agent', 'bob'], {}],
      [['docs', 'write', '--type', 'learning', '--title', 'x', '--body', 'y', '--author', 'bob'], {}],
    ] as const) {
      const res = await as(alice.token, [...args], env);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.error().error).toBe('forbidden');
      expect(res.error().message).toBe('Token bound to alice cannot act as bob');
    }
    const events = await send(server, SHARED, 'GET', `/api/events${q('&actor=bob')}`);
    expect(events.body.data).toEqual([]);
  });

  it.each([
    ['POST', '/api/tasks/pickup', { agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/pickup', {}, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/pickup', { agent: 'alice' }, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/T-001/done', { agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/T-001/done', undefined, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/T-001/release', { agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/T-001/heartbeat', {}, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/T-001/block', { reason: 'r', agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/T-001/unblock', {}, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/T-001/approve', { agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/T-001/reject', { reason: 'r' }, '&agent=bob', '?agent'],
    ['POST', '/api/tasks/T-001/cancel', { reason: 'r', agent: 'bob' }, '', 'agent'],
    ['POST', '/api/tasks/T-001/notes', { text: 't', author: 'bob' }, '', 'author'],
    ['POST', '/api/tasks/T-001/notes', { text: 't' }, '&agent=bob', '?agent'],
    ['PATCH', '/api/tasks/T-001', { title: 't', actor: 'bob' }, '', 'actor'],
    ['PATCH', '/api/tasks/T-001', { title: 't' }, '&agent=bob', '?agent'],
    ['POST', '/api/tasks', { title: 't' }, '&actor=bob', '?actor'],
    ['GET', '/api/tasks/mine', undefined, '&agent=bob', '?agent'],
    ['POST', '/api/docs', { type: 'learning', title: 't', body: 'b', author: 'bob' }, '', 'author'],
    ['PATCH', '/api/docs/D-001', { title: 't', actor: 'bob' }, '', 'actor'],
  ])('%s %s naming bob (%j%s) answers 403 naming both', async (method, path, body, query, field) => {
    const res = await send(server, alice.token, method, `${path}${q(query)}`, body);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body.message).toBe('Token bound to alice cannot act as bob');
    expect(res.body.details).toEqual([{ path: field, message: 'token bound to alice cannot act as bob' }]);
  });

  it("cannot use the human override on another agent's task: force, or status/assignee through update", async () => {
    await as(SHARED, ['task', 'add', '--title', 'Held by carol']);
    const held = await send(server, SHARED, 'POST', `/api/tasks/pickup${q()}`, { agent: 'carol' });
    const number = (held.body.data as { task_number: string }).task_number;
    for (const [method, path, body, fields] of [
      ['POST', `/api/tasks/${number}/done`, { force: true }, ['force']],
      ['POST', `/api/tasks/${number}/release`, { force: true }, ['force']],
      ['PATCH', `/api/tasks/${number}`, { status: 'done' }, ['status']],
      ['PATCH', `/api/tasks/${number}`, { assignee: 'alice', status: 'open' }, ['status', 'assignee']],
    ] as const) {
      const res = await send(server, alice.token, method, `${path}${q()}`, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(403);
      expect(res.body.error).toBe('forbidden');
      expect(res.body.message).toContain('Token bound to alice cannot use the human override');
      expect((res.body.details as { path: string }[]).map((d) => d.path)).toEqual(fields);
    }
    const after = await send(server, SHARED, 'GET', `/api/tasks/${number}${q()}`);
    expect(after.body.data).toMatchObject({ status: 'in-progress', assignee: 'carol' });
    // A person's token may override.
    const forced = await send(server, pat.token, 'POST', `/api/tasks/${number}/release${q()}`, {
      agent: 'pat',
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.data).toMatchObject({ status: 'open' });
  });

  it('cpk init --prd with a bound token writes the PRD and the guide as that agent', async () => {
    writeFileSync(join(cwd, 'PRD.md'), '# Product\n\nBuild the thing.\n');
    const init = await as(alice.token, ['init', '--prd', 'PRD.md']);
    expect(init.code, init.stderr).toBe(0);
    const docs = await send(server, SHARED, 'GET', `/api/docs${q()}`);
    const authors = (docs.body.data as unknown as { tags: string[]; author: string | null }[])
      .filter((d) => d.tags.includes('prd') || d.tags.includes('guide'))
      .map((d) => d.author);
    expect(authors).toEqual(['alice', 'alice']);
  });

  it('a token added while the server runs works at once, bound to its agent', async () => {
    bob = await addToken(dataDir, '--agent', 'bob');
    await as(SHARED, ['task', 'add', '--title', 'For bob']);
    const pickup = await as(bob.token, ['task', 'pickup']);
    expect(pickup.code, pickup.stderr).toBe(0);
    expect(await assigneeOf(pickup.json<{ task_number: string }>().task_number)).toBe('bob');
    const asAlice = await send(server, bob.token, 'POST', `/api/tasks/pickup${q()}`, { agent: 'alice' });
    expect(asAlice.status).toBe(403);
    expect(asAlice.body.message).toBe('Token bound to bob cannot act as alice');
  });
});

describe('unbound tokens act as anyone', () => {
  it('the shared --token and a --person token act as any agent, and record "human" when none is named', async () => {
    for (const [token, agent] of [
      [SHARED, 'carol'],
      [pat.token, 'dave'],
    ] as const) {
      await as(token, ['task', 'add', '--title', `For ${agent}`]);
      const pickup = await as(token, ['task', 'pickup', '--agent', agent]);
      expect(pickup.code, pickup.stderr).toBe(0);
      const number = pickup.json<{ task_number: string }>().task_number;
      expect(await assigneeOf(number)).toBe(agent);
      expect((await as(token, ['task', 'done', number], { CPK_AGENT: agent })).code).toBe(0);
      const note = await send(server, token, 'POST', `/api/tasks/${number}/notes${q()}`, { text: 'n' });
      expect(note.status).toBe(201);
      const notes = note.body.data?.notes as { author: string }[];
      expect(notes.at(-1)?.author).toBe('human');
    }
  });

  it('an unbound token naming no agent where one is needed gets a 400 naming `agent`', async () => {
    const res = await as(pat.token, ['task', 'pickup']);
    expect(res.code).toBe(1);
    expect(res.error().error).toBe('validation_error');
    expect(res.error().details).toEqual([{ path: 'agent', message: expect.stringContaining('bound to the agent') }]);
    const mine = await send(server, SHARED, 'GET', `/api/tasks/mine${q()}`);
    expect(mine.status).toBe(400);
  });
});

describe('no token, a wrong one', () => {
  it.each([
    ['no token', undefined],
    ['a wrong token', 'cpk_wrong'],
    ["a token's stored digest instead of the token", createHash('sha256').update(alice.token).digest('hex')],
    ['an empty bearer', ''],
  ])('%s: every /api call is 401 unauthorized; /health stays open', async (_label, token) => {
    for (const [method, path] of [
      ['GET', `/api/tasks${q()}`],
      ['POST', `/api/tasks/pickup${q('&agent=alice')}`],
      ['GET', '/api/projects'],
    ] as const) {
      const res = await send(server, token, method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error).toBe('unauthorized');
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('cpk with a wrong CPK_TOKEN exits 1 with one unauthorized line', async () => {
    const res = await as(`${alice.token}x`, ['task', 'list']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.error().error).toBe('unauthorized');
  });
});
