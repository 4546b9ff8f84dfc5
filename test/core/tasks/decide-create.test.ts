import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { decideCreate } from '../../../src/core/tasks/create.js';
import type { NewTask } from '../../../src/core/task-store.js';
import type { TaskStatus } from '../../../src/core/types.js';

const NOW = '2026-12-01T22:00:00.000Z';
// Existing tasks T-001 (done) and T-002 (open); the batch is numbered from 10.
const existing = new Map<number, TaskStatus>([
  [1, 'done'],
  [2, 'open'],
]);
const graph = { statusOf: (n: number) => existing.get(n) };
const create = (inputs: NewTask[]) =>
  decideCreate(inputs, { first: 10, ids: inputs.map((_, i) => `id-${i}`) }, 'alice', { now: NOW }, graph);

function refusal(fn: () => unknown): { message: string; path: string | undefined } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    return { message: e.message, path: (e.details as { path: string }[] | undefined)?.[0]?.path };
  }
  throw new Error('expected a refusal');
}

describe('decideCreate', () => {
  it('items without lists get fresh empty lists; given lists are de-duplicated copies, files normalized', () => {
    const tags = ['a', 'b', 'a'];
    const criteria = ['works'];
    const { tasks } = create([
      { title: 'plain' },
      { title: 'one tag', tags: ['x'], capabilities: ['ts'] },
      { title: 'lists', tags, capabilities: ['ts', 'ts'], acceptance_criteria: criteria, files: ['src/', 'src/**'] },
    ]);
    const [plain, one, lists] = tasks;
    expect(plain).toMatchObject({
      id: 'id-0',
      task_number: 'T-010',
      status: 'open',
      priority: 'P1',
      description: '',
      epic: null,
      tags: [],
      capabilities: [],
      depends_on: [],
      deps_met: true,
      acceptance_criteria: [],
      context_refs: [],
      files: [],
      notes: [],
      key: null,
      created_at: NOW,
      updated_at: NOW,
    });
    expect(plain?.tags).not.toBe(one?.tags);
    expect(plain?.notes).not.toBe(one?.notes);
    expect(one).toMatchObject({ task_number: 'T-011', tags: ['x'], capabilities: ['ts'] });
    expect(lists).toMatchObject({ tags: ['a', 'b'], capabilities: ['ts'], acceptance_criteria: ['works'] });
    expect(lists?.files).toEqual(['src/**']);
    expect(lists?.tags).not.toBe(tags);
    expect(lists?.acceptance_criteria).not.toBe(criteria);
  });

  it('dependencies: met by a done task, unmet by an open one or by an item of the same batch', () => {
    const { tasks, events } = create([
      { title: 'after done', depends_on: ['T-001', 'T-001'] },
      { title: 'after open', depends_on: ['T-002'] },
      { title: 'after item', depends_on: ['T-010'] },
      { title: 'asked backlog', status: 'backlog' },
    ]);
    expect(tasks.map((t) => [t.status, t.deps_met, t.depends_on])).toEqual([
      ['open', true, ['T-001']],
      ['backlog', false, ['T-002']],
      ['backlog', false, ['T-010']],
      ['backlog', true, []],
    ]);
    expect(events.map((e) => [e.type, e.entity_id, e.actor, e.payload.depends_on])).toEqual([
      ['task.created', 'id-0', 'alice', ['T-001']],
      ['task.created', 'id-1', 'alice', ['T-002']],
      ['task.created', 'id-2', 'alice', ['T-010']],
      ['task.created', 'id-3', 'alice', []],
    ]);
  });

  it('refuses unknown dependencies, cycles within the batch and bad globs, naming the item', () => {
    expect(refusal(() => create([{ title: 'a' }, { title: 'b', depends_on: ['T-099'] }]))).toEqual({
      message: '[1].depends_on: unknown task T-099',
      path: '[1].depends_on',
    });
    expect(
      refusal(() =>
        create([{ title: 'free' }, { title: 'a', depends_on: ['T-012'] }, { title: 'b', depends_on: ['T-011'] }]),
      ),
    ).toEqual({ message: '[1].depends_on: dependency cycle T-011 → T-012 → T-011', path: '[1].depends_on' });
    expect(refusal(() => create([{ title: 'self', depends_on: ['T-010'] }])).message).toBe(
      'depends_on: dependency cycle T-010 → T-010',
    );
    expect(refusal(() => create([{ title: 'a' }, { title: 'b', files: ['src/['] }])).path).toBe('[1].files.0');
  });
});
