import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { assertUniqueKeys, decideCreate } from '../../../src/core/tasks/create.js';
import { decideUpdate } from '../../../src/core/tasks/update.js';
import { context, graph, NOW, task } from './fixtures.js';

function refused(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const none = graph({});

describe('update: fields', () => {
  it('sets the fields given, tags and capabilities without repeats, and names them in task.updated', () => {
    const open = task({ status: 'open', assignee: null, lease_expires_at: null });
    const d = decideUpdate(
      open,
      { title: 'New', tags: ['a', 'a', 'b'], capabilities: ['ts', 'ts'], epic: 'E', priority: 'P0', verify: undefined },
      'human',
      context(),
      none,
    );
    expect(d.patch).toEqual({
      title: 'New',
      priority: 'P0',
      epic: 'E',
      capabilities: ['ts'],
      tags: ['a', 'b'],
      updated_at: NOW,
    });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({
      type: 'task.updated',
      actor: 'human',
      payload: { title: 'New', priority: 'P0' },
    });
    expect(d.events[0]?.payload.fields).toEqual(['title', 'tags', 'capabilities', 'epic', 'priority']);
    // No status change: no from/to.
    expect(d.events[0]?.payload).not.toHaveProperty('from');
  });

  it("the holder's edit renews its lease; someone else's, or one that reassigns the task, does not", () => {
    expect(decideUpdate(task(), { title: 'x' }, 'ann', context(), none).patch.lease_expires_at).toBe(
      '2026-03-01T12:10:00.000Z',
    );
    expect(decideUpdate(task(), { title: 'x' }, 'bob', context(), none).patch).not.toHaveProperty('lease_expires_at');
    expect(decideUpdate(task(), { assignee: 'bob' }, 'ann', context(), none).patch).toEqual({
      assignee: 'bob',
      updated_at: NOW,
    });
  });
});

describe('update: dependencies', () => {
  const g = graph({ 1: { status: 'done' }, 2: { status: 'open', deps: [7] }, 3: { status: 'review', deps: [2] } });
  const open = task({ status: 'open', assignee: null, lease_expires_at: null });

  it('new dependencies that are met keep the task open; unmet ones send it to backlog', () => {
    const met = decideUpdate(open, { depends_on: ['T-001', 't-001'] }, 'human', context(), g);
    expect(met.patch).toMatchObject({ depends_on: ['T-001'], deps_met: true });
    expect(met.task.status).toBe('open');
    const unmet = decideUpdate(
      open,
      { depends_on: ['T-001', 'T-004'] },
      'human',
      context(),
      graph({ 1: { status: 'done' }, 4: { status: 'blocked' } }),
    );
    expect(unmet.task).toMatchObject({ status: 'backlog', deps_met: false, depends_on: ['T-001', 'T-004'] });
    expect(unmet.events[0]?.payload).toMatchObject({ from: 'open', to: 'backlog', fields: ['depends_on'] });
  });

  it('clearing the dependencies of a backlog task opens it', () => {
    const backlog = task({ status: 'backlog', assignee: null, deps_met: false, depends_on: ['T-002'] });
    expect(decideUpdate(backlog, { depends_on: [] }, 'human', context(), g).task).toMatchObject({
      status: 'open',
      deps_met: true,
    });
  });

  it('a status set by the caller does not follow the dependencies', () => {
    const d = decideUpdate(
      open,
      { depends_on: ['T-004'], status: 'open' },
      'human',
      context(),
      graph({ 4: { status: 'open' } }),
    );
    expect(d.task).toMatchObject({ status: 'open', deps_met: false });
  });

  it('refuses unknown tasks, naming them all, and cycles, naming the path', () => {
    const unknown = refused(() =>
      decideUpdate(open, { depends_on: ['T-050', 'T-001', 'nope'] }, 'human', context(), g),
    );
    expect(unknown).toMatchObject({
      code: 'validation_error',
      message: 'depends_on: unknown tasks T-050, nope',
      details: [{ path: 'depends_on', message: 'Unknown task numbers: T-050, nope' }],
    });
    expect(refused(() => decideUpdate(open, { depends_on: ['T-099'] }, 'human', context(), g)).message).toBe(
      'depends_on: unknown task T-099',
    );
    const cycle = refused(() =>
      decideUpdate(open, { depends_on: ['T-003'] }, 'human', context(), {
        ...g,
        statusOf: (n) => (n === 7 ? 'open' : g.statusOf(n)),
      }),
    );
    expect(cycle).toMatchObject({
      code: 'validation_error',
      message: 'depends_on: dependency cycle T-007 → T-003 → T-002 → T-007',
      details: [{ path: 'depends_on', message: 'Dependency cycle: T-007 → T-003 → T-002 → T-007' }],
    });
    const self = graph({ 7: { status: 'open' } });
    expect(refused(() => decideUpdate(open, { depends_on: ['T-007'] }, 'human', context(), self)).message).toBe(
      'depends_on: dependency cycle T-007 → T-007',
    );
  });
});

describe('update: status (the human override) and its side effects', () => {
  const open = task({ status: 'open', assignee: null, lease_expires_at: null, started_at: null });

  it('in-progress with an assignee gets a lease and a start; without one, no lease', () => {
    const d = decideUpdate(open, { status: 'in-progress', assignee: 'zed' }, 'human', context(), none);
    expect(d.task).toMatchObject({
      status: 'in-progress',
      assignee: 'zed',
      lease_expires_at: '2026-03-01T12:10:00.000Z',
      started_at: NOW,
    });
    expect(d.events[0]?.payload).toMatchObject({ from: 'open', to: 'in-progress', fields: ['status', 'assignee'] });
    expect(decideUpdate(open, { status: 'in-progress' }, 'human', context(), none).task.lease_expires_at).toBeNull();
  });

  it('blocked always carries a reason; leaving blocked clears it unless one is given', () => {
    expect(decideUpdate(task(), { status: 'blocked' }, 'human', context(), none).task).toMatchObject({
      status: 'blocked',
      blocker_reason: 'Set to blocked by human',
      lease_expires_at: null,
      assignee: 'ann',
    });
    expect(
      decideUpdate(task(), { status: 'blocked', blocker_reason: 'mine' }, 'human', context(), none).task.blocker_reason,
    ).toBe('mine');
    const blocked = task({ status: 'blocked', blocker_reason: 'old', lease_expires_at: null });
    expect(decideUpdate(blocked, { status: 'blocked' }, 'human', context(), none).patch).toEqual({ updated_at: NOW });
    expect(decideUpdate(blocked, { status: 'open' }, 'human', context(), none).task).toMatchObject({
      blocker_reason: null,
      assignee: null,
    });
    expect(
      decideUpdate(blocked, { status: 'open', blocker_reason: 'kept' }, 'human', context(), none).task.blocker_reason,
    ).toBe('kept');
  });

  it('back on the board nobody holds it, unless the patch assigns someone', () => {
    expect(decideUpdate(task(), { status: 'backlog' }, 'human', context(), none).task).toMatchObject({
      status: 'backlog',
      assignee: null,
      lease_expires_at: null,
      lease_seconds: null,
    });
    expect(decideUpdate(task(), { status: 'open', assignee: 'bob' }, 'human', context(), none).task.assignee).toBe(
      'bob',
    );
  });

  it('done stamps completion; leaving done clears it', () => {
    const done = decideUpdate(task({ status: 'review' }), { status: 'done' }, 'human', context(), none);
    expect(done.task.completed_at).toBe(NOW);
    const reopened = decideUpdate(done.task, { status: 'open' }, 'human', context(), none);
    expect(reopened.task.completed_at).toBeNull();
  });
});

describe('create', () => {
  const ids = ['id-1', 'id-2', 'id-3'];
  const g = graph({ 1: { status: 'review' }, 2: { status: 'open' } });

  it('numbers tasks from `first`, opens those whose dependencies are met, records task.created with depends_on', () => {
    const { tasks, events } = decideCreate(
      [
        { title: 'a', tags: ['x', 'x'], depends_on: ['T-001'] },
        { title: 'b', depends_on: ['T-002'], priority: 'P0', key: 'k' },
        { title: 'c', status: 'backlog' },
      ],
      { first: 10, ids },
      'bob',
      { now: NOW },
      g,
    );
    expect(tasks.map((t) => [t.id, t.task_number, t.status, t.deps_met])).toEqual([
      ['id-1', 'T-010', 'open', true],
      ['id-2', 'T-011', 'backlog', false],
      ['id-3', 'T-012', 'backlog', true],
    ]);
    expect(tasks[0]).toMatchObject({ tags: ['x'], priority: 'P1', notes: [], attempts: 0, pickups: 0, lapses: 0 });
    expect(tasks[1]).toMatchObject({ key: 'k', priority: 'P0', created_at: NOW, lease_seconds: null });
    expect(events.map((e) => [e.type, e.entity_id, e.actor, e.payload.depends_on])).toEqual([
      ['task.created', 'id-1', 'bob', ['T-001']],
      ['task.created', 'id-2', 'bob', ['T-002']],
      ['task.created', 'id-3', 'bob', []],
    ]);
  });

  it('a dependency on a task of the same batch waits for it', () => {
    const { tasks } = decideCreate(
      [{ title: 'a' }, { title: 'b', depends_on: ['T-010'] }],
      { first: 10, ids },
      'bob',
      { now: NOW },
      none,
    );
    expect(tasks[1]).toMatchObject({ status: 'backlog', depends_on: ['T-010'] });
  });

  it('refuses unknown dependencies and cycles within the batch, naming the item', () => {
    expect(
      refused(() => decideCreate([{ title: 'a', depends_on: ['T-099'] }], { first: 10, ids }, 'b', { now: NOW }, g)),
    ).toMatchObject({ message: 'depends_on: unknown task T-099', details: [{ path: 'depends_on' }] });
    expect(
      refused(() =>
        decideCreate([{ title: 'a' }, { title: 'b', depends_on: ['T-099'] }], { first: 10, ids }, 'b', { now: NOW }, g),
      ).message,
    ).toBe('[1].depends_on: unknown task T-099');
    const cycle = refused(() =>
      decideCreate(
        [
          { title: 'a', depends_on: ['T-011'] },
          { title: 'b', depends_on: ['T-010'] },
        ],
        { first: 10, ids },
        'b',
        { now: NOW },
        g,
      ),
    );
    expect(cycle).toMatchObject({
      message: '[0].depends_on: dependency cycle T-010 → T-011 → T-010',
      details: [{ path: '[0].depends_on' }],
    });
  });

  it('a client key given twice in one batch is refused', () => {
    expect(() => assertUniqueKeys([{ title: 'a', key: 'k' }, { title: 'b' }, { title: 'c', key: 'j' }])).not.toThrow();
    expect(
      refused(() =>
        assertUniqueKeys([
          { title: 'a', key: 'k' },
          { title: 'b', key: 'k' },
        ]),
      ),
    ).toMatchObject({
      code: 'validation_error',
      message: '[1].key: repeats [0].key "k"',
      details: [{ path: '1.key', message: 'Repeats the key of item 0' }],
    });
  });
});
