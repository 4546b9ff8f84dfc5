import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

let server: RunningServer;
let cwd: string;
let env: NodeJS.ProcessEnv;
const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => cpk(args, { cwd, env: { ...env, ...extraEnv } });

beforeAll(async () => {
  server = await startServer();
  ({ cwd, env } = await initProject(server, 'cli'));
});
afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

/** No null, empty string, empty array or empty object anywhere in an output value. */
function assertPruned(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) assertPruned(item);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      expect(v, k).not.toBeNull();
      expect(v, k).not.toBe('');
      if (Array.isArray(v)) expect(v.length, k).toBeGreaterThan(0);
      assertPruned(v);
    }
  }
}

describe('cpk task (codepakt-compatible flags, one JSON line out)', () => {
  it('add with every flag, show, list, pickup, done, approve', async () => {
    const add = await run([
      'task',
      'add',
      '-t',
      'Login form',
      '-d',
      'Build it',
      '-p',
      'P0',
      '-e',
      'auth',
      '--tags',
      'ui,forms',
      '--capabilities',
      'react',
      '--verify',
      'npm test -- login',
      '--acceptance-criteria',
      'validates email',
      '--acceptance-criteria',
      'shows errors',
      '--context-refs',
      'D-001',
      '--context-refs',
      'src/login.tsx',
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.json()).toMatchObject({ task_number: 'T-001', status: 'open', priority: 'P0' });

    const dep = await run(['task', 'add', '--title', 'Session', '--depends-on', 'T-001', '--status', 'backlog']);
    expect(dep.json()).toMatchObject({ task_number: 'T-002', status: 'backlog', depends_on: ['T-001'] });

    const show = await run(['task', 'show', 'T-001']);
    const task = show.json<Record<string, unknown>>();
    expect(task).toMatchObject({
      title: 'Login form',
      description: 'Build it',
      epic: 'auth',
      tags: ['ui', 'forms'],
      capabilities: ['react'],
      verify: 'npm test -- login',
      acceptance_criteria: ['validates email', 'shows errors'],
      context_refs: ['D-001', 'src/login.tsx'],
    });
    assertPruned(task);
    expect(task.assignee).toBeUndefined();

    const list = await run(['task', 'list']);
    expect(list.json<{ task_number: string }[]>().map((t) => t.task_number)).toEqual(['T-001', 'T-002']);
    assertPruned(list.json());
    const human = await run(['task', 'list', '--human']);
    expect(human.stdout).toMatch(/NUMBER\s+STATUS/);
    expect(human.stdout).toContain('Login form');

    const pickup = await run(['task', 'pickup'], { CPK_AGENT: 'ann' });
    expect(pickup.code, pickup.stderr).toBe(0);
    const picked = pickup.json<Record<string, unknown>>();
    expect(picked).toMatchObject({ task_number: 'T-001', title: 'Login form', verify: 'npm test -- login' });
    expect(pickup.stdout.length).toBeLessThanOrEqual(450);
    assertPruned(picked);

    const mine = await run(['task', 'mine', '-a', 'ann']);
    expect(mine.json<{ task_number: string }[]>().map((t) => t.task_number)).toEqual(['T-001']);

    const hb = await run(['task', 'heartbeat', 'T-001', '--lease', '2h'], { CPK_AGENT: 'ann' });
    expect(Date.parse(hb.json<{ lease_expires_at: string }>().lease_expires_at) - Date.now()).toBeGreaterThan(7000_000);

    const note = await run(['task', 'note', 'T-001', 'halfway', 'there'], { CPK_AGENT: 'ann' });
    expect(note.json()).toMatchObject({ task_number: 'T-001', notes: 1 });

    const wrongAgent = await run(['task', 'done', 'T-001', '--agent', 'bob']);
    expect(wrongAgent.code).toBe(1);
    expect(wrongAgent.error()).toMatchObject({ error: 'conflict' });
    expect(wrongAgent.error().message).toContain('held by ann');

    // Its verify command (npm test -- login) cannot pass in this empty folder: reported without it.
    const done = await run(['task', 'done', 'T-001', '--notes', 'all green', '--no-verify'], { CPK_AGENT: 'ann' });
    expect(done.json()).toMatchObject({ task_number: 'T-001', status: 'review' });
    expect((await run(['task', 'show', 'T-002'])).json()).toMatchObject({ status: 'open', deps_met: true });
    const approve = await run(['task', 'done', 'T-001', '--agent', 'lead']);
    expect(approve.json()).toMatchObject({ status: 'done' });
  });

  it('block/unblock/release/update round-trip', async () => {
    await run(['task', 'add', '-t', 'Blockable']);
    const id = 'T-003';
    expect((await run(['task', 'block', id, '-r', 'waiting for API keys'], { CPK_AGENT: 'ann' })).json()).toMatchObject(
      { status: 'blocked', blocker_reason: 'waiting for API keys' },
    );
    expect((await run(['task', 'unblock', id])).json()).toMatchObject({ status: 'open' });
    expect((await run(['task', 'pickup', '--id', id, '--lease', '45m'], { CPK_AGENT: 'bob' })).code).toBe(0);
    expect((await run(['task', 'release', id], { CPK_AGENT: 'bob' })).json()).toMatchObject({ status: 'open' });
    const upd = await run(['task', 'update', id, '-p', 'P2', '--tags', 'later', '-s', 'backlog', '-e', '']);
    expect(upd.json()).toMatchObject({ priority: 'P2', tags: ['later'], status: 'backlog' });
    expect(upd.json<Record<string, unknown>>().epic).toBeUndefined();
  });

  it('--batch creates many in one transaction and names unknown keys', async () => {
    const file = join(cwd, 'tasks.json');
    writeFileSync(
      file,
      JSON.stringify([
        { title: 'B1', priority: 'P0' },
        { title: 'B2', depends_on: ['T-004'], acceptance_criteria: ['x'] },
      ]),
    );
    const ok = await run(['task', 'add', '--batch', 'tasks.json']);
    expect(ok.json()).toMatchObject({
      created: 2,
      tasks: [{ task_number: 'T-004' }, { task_number: 'T-005', status: 'backlog' }],
    });

    writeFileSync(file, JSON.stringify([{ title: 'x', colour: 'red', size: 3 }]));
    const unknown = await run(['task', 'add', '--batch', 'tasks.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.error().message).toContain('colour, size');

    writeFileSync(file, '[{"title": ');
    const malformed = await run(['task', 'add', '--batch', 'tasks.json']);
    expect(malformed.code).toBe(2);
    expect(malformed.error().message).toContain('not valid JSON');

    const missing = await run(['task', 'add', '--batch', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.error().message).toContain('ENOENT');

    writeFileSync(file, JSON.stringify([{ title: 'x', depends_on: ['T-999'] }]));
    const badDep = await run(['task', 'add', '--batch', 'tasks.json']);
    expect(badDep.code).toBe(1);
    expect(badDep.error()).toMatchObject({ error: 'validation_error' });
    expect(badDep.error().message).toContain('T-999');
  });

  it('errors: one JSON line on stderr and the documented exit code', async () => {
    const noAgent = await run(['task', 'pickup']);
    expect(noAgent.code).toBe(2);
    expect(noAgent.error().error).toBe('agent_required');
    const noReason = await run(['task', 'block', 'T-001', '-a', 'x']);
    expect(noReason.code).toBe(2);
    const badLease = await run(['task', 'pickup', '-a', 'x', '--lease', 'soon']);
    expect(badLease.code).toBe(2);
    expect(badLease.error().message).toContain('--lease');
    const badPriority = await run(['task', 'add', '-t', 'x', '-p', 'urgent']);
    expect(badPriority.code).toBe(2);
    const unknownTask = await run(['task', 'show', 'T-404']);
    expect(unknownTask.code).toBe(1);
    expect(unknownTask.error().error).toBe('task_not_found');
    const unknownFlag = await run(['task', 'add', '--colour', 'red']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr.trim().split('\n')).toHaveLength(1);
    const create = await run(['task', 'create', '-t', 'x']);
    expect(create.code).toBe(2);
    for (const r of [noAgent, noReason, badLease, unknownTask, unknownFlag]) expect(r.stdout).toBe('');

    // Drain what is open, then nothing to pick up: exit 4.
    for (;;) {
      const p = await run(['task', 'pickup', '-a', 'drainer']);
      if (p.code !== 0) {
        expect(p.code).toBe(4);
        expect(p.error().error).toBe('no_tasks_available');
        break;
      }
    }
    const unreachable = await cpk(['task', 'list'], { cwd, env: { ...env, CPK_URL: 'http://127.0.0.1:9' } });
    expect(unreachable.code).toBe(3);
    expect(unreachable.error().error).toBe('server_unreachable');
  });

  it('board status, agent list and events', async () => {
    const status = (await run(['board', 'status'])).json<{
      counts: Record<string, number>;
      agents: { name: string }[];
    }>();
    expect(status.counts.done).toBe(1);
    expect(status.agents.map((a) => a.name)).toEqual(expect.arrayContaining(['ann', 'bob', 'drainer']));
    const agents = (await run(['agent', 'list'])).json<{ name: string; status: string }[]>();
    expect(agents.find((a) => a.name === 'drainer')?.status).toBe('working');
    const events = (await run(['events', '--type', 'task.approved'])).json<{ type: string; actor: string }[]>();
    expect(events).toEqual([expect.objectContaining({ type: 'task.approved', actor: 'lead' })]);
    expect((await run(['board', 'status', '--human'])).stdout).toContain('done 1');
  });
});
