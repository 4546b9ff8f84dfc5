import { expect, it } from 'vitest';
import type { NewTask } from '../../../src/core/task-store.js';
import type { EventRecord } from '../../../src/core/types.js';
import { describeEachBackend } from './backends.js';

/** A batch long enough for the stores' multi-row statements, with a remainder, and mixed items. */
const BATCH = 250;
const item = (i: number): NewTask => ({
  title: `task ${i + 1}`,
  ...(i % 3 === 0 ? { tags: ['x', 'y', 'x'] } : i % 3 === 1 ? { tags: ['y'] } : {}),
  ...(i > 0 && i % 50 === 0 ? { depends_on: [`T-${String(i).padStart(3, '0')}`] } : {}),
  ...(i === 7 ? { files: ['src/'], acceptance_criteria: ['works'], status: 'backlog' as const } : {}),
});

describeEachBackend('batch create', (backend) => {
  it('a batch of 250: numbers, ids, events, tags, edges and counts as one by one', async () => {
    const s = await backend().project();
    const seen: EventRecord[] = [];
    const stop = s.subscribe((events) => seen.push(...events));
    const created = await s.tasks.create(
      Array.from({ length: BATCH }, (_, i) => item(i)),
      'ann',
    );
    stop();
    expect(created.map((t) => t.task_number)).toEqual(
      Array.from({ length: BATCH }, (_, i) => `T-${String(i + 1).padStart(3, '0')}`),
    );
    expect(new Set(created.map((t) => t.id)).size).toBe(BATCH);
    expect(created[0]).toMatchObject({ tags: ['x', 'y'], status: 'open', depends_on: [] });
    expect(created[7]).toMatchObject({ status: 'backlog', files: ['src/**'], acceptance_criteria: ['works'] });
    expect(created[50]).toMatchObject({ status: 'backlog', deps_met: false, depends_on: ['T-050'] });

    const logged = (await s.events.list({ limit: 1000, type: 'task.created' })).filter((e) => e.actor === 'ann');
    expect(logged.map((e) => e.entity_id)).toEqual(created.map((t) => t.id));
    expect(seen.map((e) => e.id)).toEqual(logged.map((e) => e.id));
    expect(seen).toEqual(logged);
    const ids = logged.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(logged[50]?.payload).toMatchObject({ task_number: 'T-051', status: 'backlog', depends_on: ['T-050'] });

    for (const t of [created[0], created[7], created[50], created[BATCH - 1]]) {
      expect(await s.tasks.get(t!.task_number)).toEqual(t);
    }
    const tagged = await s.tasks.list({ tag: 'x', limit: 1000 });
    expect(tagged.tasks.map((t) => t.task_number)).toEqual(
      created
        .filter((_, i) => i % 3 === 0)
        .map((t) => t.task_number)
        .sort(),
    );
    expect((await s.tasks.list({ tag: 'y', limit: 1000 })).tasks).toHaveLength(
      created.filter((_, i) => i % 3 !== 2).length,
    );
    expect((await s.tasks.board()).counts).toMatchObject({ open: BATCH - 5, backlog: 5 });
  });
});
