import { expect, it } from 'vitest';
import type { TaskFilter } from '../../../src/core/task-store.js';
import { TASK_STATUSES } from '../../../src/core/types.js';
import { describeEachBackend } from './backends.js';

/** Text that JSON has to escape, or that a careless encoder mangles. */
const AWKWARD = 'quote " backslash \\ slash / tab \t newline \n cr \r \u0001 \u001f \u2028 \u2029 é 漢字 🚀 </script>';

describeEachBackend('task list as JSON', (backend) => {
  it('is exactly list() with the project id, field by field and in order, on every kind of value', async () => {
    const s = await backend().project();
    await s.tasks.create(
      [
        { title: `a ${AWKWARD}`, description: AWKWARD, priority: 'P1', tags: ['x', 'é🚀'], epic: 'e"1' },
        {
          title: 'b',
          depends_on: ['T-001'],
          acceptance_criteria: [AWKWARD],
          context_refs: ['r/1'],
          verify: 'npm test',
        },
        { title: 'c', depends_on: ['T-002', 'T-001'], status: 'backlog', capabilities: ['ts', 'sql'] },
        { title: 'd', priority: 'P0', files: ['src/**', 'a b/*.ts'], key: `k ${AWKWARD}` },
        { title: 'e', priority: 'P2', verify: 'true' },
        { title: 'f', priority: 'P0' },
        { title: 'g', priority: 'P2' },
      ],
      'ann',
    );
    await s.tasks.pickup({ agent: 'ann', task_ref: 'T-004' });
    await s.tasks.addNote('T-004', { author: 'ann', text: AWKWARD });
    await s.tasks.pickup({ agent: 'bob', task_ref: 'T-005', lease_seconds: 120 });
    const report = { command: 'true', exit_code: 0, duration_ms: 12, output_tail: AWKWARD };
    await s.tasks.done('T-005', { agent: 'bob', verify: { ...report, status: 'passed' } });
    await s.tasks.pickup({ agent: 'cat', task_ref: 'T-006' });
    await s.tasks.block('T-006', { actor: 'cat', reason: `stuck ${AWKWARD}` });
    await s.tasks.cancel('T-007', { actor: 'ann', reason: 'not needed' });

    const filters: TaskFilter[] = [
      { limit: 100 },
      { limit: 100, status: [...TASK_STATUSES] },
      { limit: 100, status: ['open', 'open', 'backlog'] },
      { limit: 100, status: ['blocked'] },
      { limit: 100, tag: 'x' },
      { limit: 100, epic: 'e"1' },
      { limit: 100, assignee: 'ann' },
      { limit: 2 },
      { limit: 1, status: ['done', 'cancelled'] },
    ];
    for (const filter of filters) {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const f = { ...filter, cursor };
        const [plain, json] = [await s.tasks.list(f), await s.tasks.listJson(f, 'proj-1')];
        const parsed = JSON.parse(json.tasks_json) as Record<string, unknown>[];
        const expected = plain.tasks.map((t) => ({ ...t, project_id: 'proj-1' }));
        expect(parsed, JSON.stringify(f)).toEqual(expected);
        expect(parsed.map((t) => Object.keys(t))).toEqual(expected.map((t) => Object.keys(t)));
        expect(json.next_cursor).toBe(plain.next_cursor);
        cursor = plain.next_cursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      expect(cursor).toBeUndefined();
    }
    const all = JSON.parse((await s.tasks.listJson({ limit: 100 }, 'p')).tasks_json) as { task_number: string }[];
    expect(all.map((t) => t.task_number)).toEqual(['T-004', 'T-006', 'T-001', 'T-002', 'T-003', 'T-005', 'T-007']);
    const c = all.find((t) => t.task_number === 'T-003');
    expect(c).toMatchObject({ depends_on: ['T-002', 'T-001'], deps_met: false, capabilities: ['ts', 'sql'] });
  });

  it('an empty page is an empty array', async () => {
    const s = await backend().project();
    expect(await s.tasks.listJson({ limit: 10 }, 'p')).toEqual({ tasks_json: '[]', next_cursor: null });
  });
});
