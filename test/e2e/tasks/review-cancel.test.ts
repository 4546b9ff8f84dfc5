import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

/** Lifecycle through real cpk processes: lapses vs pickups, review by someone else, reject, cancel, keyed batches. */

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'lifecycle');
}, 30_000);
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const run = (...args: string[]) => cpk(args, { cwd: project.cwd, env: project.env });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Shown = {
  status: string;
  assignee: string | null;
  pickups: number;
  attempts: number;
  lapses: number;
  blocker_reason: string | null;
  notes: { author: string; text: string }[];
  key: string | null;
};
const show = async (id: string) => (await run('task', 'show', id)).json<Shown>();
const add = async (title: string, ...more: string[]) =>
  (await run('task', 'add', '--title', title, ...more)).json<{ task_number: string; status: string }>().task_number;

describe('max_attempts counts lapses, not pickups', () => {
  it('pickup, release, pickup, release, pickup, one lapse: back on the board, not blocked', async () => {
    const id = await add('flaky', '--priority', 'P0');
    for (let i = 0; i < 2; i++) {
      expect((await run('task', 'pickup', '--agent', 'ann', '--id', id)).code).toBe(0);
      expect((await run('task', 'release', id, '--agent', 'ann')).code).toBe(0);
    }
    expect((await run('task', 'pickup', '--agent', 'ann', '--id', id, '--lease', '1s')).code).toBe(0);
    await sleep(1300);
    const next = await run('task', 'pickup', '--agent', 'bob', '--id', id);
    expect(next.code, next.stderr).toBe(0);
    const t = await show(id);
    expect(t).toMatchObject({ status: 'in-progress', assignee: 'bob', pickups: 4, attempts: 4, lapses: 1 });
    await run('task', 'release', id, '--agent', 'bob');
  });

  it('three lapses block the task, naming the count', async () => {
    const id = await add('abandoned', '--priority', 'P0');
    // Each pickup first reclaims the lease that lapsed before it.
    for (let i = 0; i < 3; i++) {
      expect((await run('task', 'pickup', '--agent', `a${i}`, '--id', id, '--lease', '1s')).code).toBe(0);
      await sleep(1200);
    }
    // The pickup that finds the third lapse is refused (the task is blocked now), and the block sticks.
    const refused = await run('task', 'pickup', '--agent', 'probe', '--id', id);
    expect(refused.code).toBe(1);
    expect(refused.error().message).toContain(`${id} is blocked`);
    const t = await show(id);
    expect(t.status).toBe('blocked');
    expect(t.lapses).toBe(3);
    expect(t.blocker_reason).toContain('Lease expired 3 times (max_attempts 3)');
  }, 20_000);
});

describe('review: the implementer never approves its own work', () => {
  it('done twice by the same agent stays in review (a retry-safe no-op); another actor approves', async () => {
    const id = await add('feature');
    await run('task', 'pickup', '--agent', 'dave', '--id', id);
    expect((await run('task', 'done', id, '--agent', 'dave', '--notes', 'built')).json()).toMatchObject({
      status: 'review',
    });
    const again = await run('task', 'done', id, '--agent', 'dave');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ status: 'review', assignee: 'dave' });
    const own = await run('task', 'approve', id, '--agent', 'dave');
    expect(own.code).toBe(1);
    expect(own.error().message).toContain('someone else must approve it');
    expect((await run('task', 'approve', id, '--agent', 'erin')).json()).toMatchObject({ status: 'done' });
  });

  it('done by another actor still approves (the dashboard path)', async () => {
    const id = await add('other');
    await run('task', 'pickup', '--agent', 'dave', '--id', id);
    await run('task', 'done', id, '--agent', 'dave');
    expect((await run('task', 'done', id, '--agent', 'human')).json()).toMatchObject({ status: 'done' });
  });

  it('reject sends review work back to the implementer with the reason as a note; dependents wait again', async () => {
    const id = await add('needs work');
    const dependent = await add('after it', '--depends-on', id);
    await run('task', 'pickup', '--agent', 'dave', '--id', id);
    await run('task', 'done', id, '--agent', 'dave');
    expect((await show(dependent)).status).toBe('open');
    const rejected = await run('task', 'reject', id, '--agent', 'erin', '--reason', 'tests fail');
    expect(rejected.code, rejected.stderr).toBe(0);
    const t = await show(id);
    expect(t).toMatchObject({ status: 'in-progress', assignee: 'dave' });
    expect(t.notes.at(-1)).toMatchObject({ author: 'erin', text: 'Rejected: tests fail' });
    expect((await show(dependent)).status).toBe('backlog');
    expect(
      (await run('task', 'mine', '--agent', 'dave')).json<{ task_number: string }[]>().map((x) => x.task_number),
    ).toContain(id);
    // Only review tasks can be rejected; a reason is required.
    expect((await run('task', 'reject', id, '--reason', 'again')).code).toBe(1);
    expect((await run('task', 'reject', id)).code).toBe(2);
  });
});

describe('cancel', () => {
  it('cancels with a reason: kept in the log, off the list, dependents stop waiting', async () => {
    const id = await add('by mistake');
    const dependent = await add('waits on it', '--depends-on', id);
    expect((await show(dependent)).status).toBe('backlog');
    const res = await run('task', 'cancel', id, '--reason', 'duplicate of T-001');
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    expect((await show(id)).notes.at(-1)?.text).toBe('Cancelled: duplicate of T-001');
    expect((await show(dependent)).status).toBe('open');
    const listed = (await run('task', 'list')).json<{ task_number: string }[]>().map((t) => t.task_number);
    expect(listed).not.toContain(id);
    expect(
      (await run('task', 'list', '--status', 'cancelled')).json<{ task_number: string }[]>().map((t) => t.task_number),
    ).toEqual([id]);
    const events = (await run('events', '--type', 'task.cancelled')).stdout;
    expect(events).toContain(id);
    // Not twice, not a finished task, and never picked up.
    expect((await run('task', 'cancel', id, '--reason', 'again')).code).toBe(1);
    expect((await run('task', 'pickup', '--agent', 'x', '--id', id)).code).toBe(1);
    expect((await run('task', 'cancel', id)).code).toBe(2);
  });
});

describe('batch keys', () => {
  it('re-running the same --batch file creates nothing twice', async () => {
    const file = join(project.cwd, 'tasks.json');
    writeFileSync(
      file,
      JSON.stringify([{ key: 'setup', title: 'Set up' }, { key: 'build', title: 'Build' }, { title: 'No key' }]),
    );
    const first = (await run('task', 'add', '--batch', 'tasks.json')).json<{
      created: number;
      tasks: { task_number: string }[];
    }>();
    const second = (await run('task', 'add', '--batch', 'tasks.json')).json<{
      created: number;
      tasks: { task_number: string }[];
    }>();
    expect(second.tasks[0]?.task_number).toBe(first.tasks[0]?.task_number);
    expect(second.tasks[1]?.task_number).toBe(first.tasks[1]?.task_number);
    expect(second.tasks[2]?.task_number).not.toBe(first.tasks[2]?.task_number);
    expect((await show(first.tasks[0]!.task_number)).key).toBe('setup');
    writeFileSync(
      file,
      JSON.stringify([
        { key: 'dup', title: 'a' },
        { key: 'dup', title: 'b' },
      ]),
    );
    const dup = await run('task', 'add', '--batch', 'tasks.json');
    expect(dup.code).toBe(1);
    expect(dup.error().message).toContain('[1].key');
  });
});
