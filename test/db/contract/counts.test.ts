import { expect, it } from 'vitest';
import type { ProjectStore } from '../../../src/core/ports.js';
import { TASK_STATUSES } from '../../../src/core/types.js';
import { describeEachBackend } from './backends.js';

/** Board counts are kept in the same transaction as each change, and always equal a full count. */

async function fullCount(s: ProjectStore): Promise<Record<string, number>> {
  const counts = Object.fromEntries(TASK_STATUSES.map((st) => [st, 0])) as Record<string, number>;
  const page = await s.tasks.list({ status: [...TASK_STATUSES], limit: 1000 });
  for (const t of page.tasks) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return counts;
}

async function expectExact(s: ProjectStore): Promise<void> {
  const board = await s.tasks.board();
  expect(board.counts).toEqual(await fullCount(s));
  expect(board.total).toBe(Object.values(board.counts).reduce((a, b) => a + b, 0));
}

describeEachBackend('board counts', (backend) => {
  it('follow every status change: create, pickup, done, approve, reject, block, unblock, release, cancel, update', async () => {
    const s = await backend().project();
    await expectExact(s);
    await s.tasks.create(
      [{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c' }, { title: 'd' }, { title: 'e' }],
      'ann',
    );
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ open: 4, backlog: 1 });
    await s.tasks.pickup({ agent: 'x', task_ref: 'T-001' });
    await expectExact(s);
    await s.tasks.done('T-001', { agent: 'x' }); // → review; T-002 opens in the same transaction
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ review: 1, open: 4, backlog: 0 });
    await s.tasks.reject('T-001', { actor: 'rev', reason: 'no' }); // T-002 back to backlog
    await expectExact(s);
    await s.tasks.done('T-001', { agent: 'x' });
    await s.tasks.approve('T-001', { actor: 'rev' });
    await expectExact(s);
    await s.tasks.block('T-003', { actor: 'ann', reason: 'r' });
    await expectExact(s);
    await s.tasks.unblock('T-003', { actor: 'ann' });
    await s.tasks.pickup({ agent: 'y', task_ref: 'T-004' });
    await s.tasks.release('T-004', { agent: 'y' });
    await s.tasks.cancel('T-005', { actor: 'ann', reason: 'dup' });
    await s.tasks.update('T-003', { status: 'done' }, 'ann');
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ done: 2, cancelled: 1, open: 2, blocked: 0 });
  });

  it('a refused change leaves them as they were', async () => {
    const s = await backend().project();
    await s.tasks.create([{ title: 'a' }], 'ann');
    const before = (await s.tasks.board()).counts;
    await expect(s.tasks.create([{ title: 'x' }, { title: 'y', depends_on: ['T-999'] }], 'ann')).rejects.toThrow();
    await expect(s.tasks.approve('T-001', { actor: 'rev' })).rejects.toThrow();
    expect((await s.tasks.board()).counts).toEqual(before);
    await expectExact(s);
  });

  it('follow leases reclaimed on lapse (back to open, then blocked at max_attempts)', async () => {
    const s = await backend().project();
    const { clock } = backend();
    await s.updateSettings({ max_attempts: 2, lease_seconds: 10 }, 'ann');
    await s.tasks.create([{ title: 'flaky' }, { title: 'other' }], 'ann');
    await s.tasks.pickup({ agent: 'x', task_ref: 'T-001' });
    clock.advance(11);
    await s.tasks.pickup({ agent: 'y', task_ref: 'T-002' }); // reclaims T-001 first: in-progress → open
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ open: 1, 'in-progress': 1 });
    await s.tasks.pickup({ agent: 'z' });
    clock.advance(11);
    await s.tasks.pickup({ agent: 'w' }); // both leases lapse; T-001 reaches max_attempts → blocked
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ blocked: 1 });
  });

  it('stay exact under concurrent writes sharing one transaction', async () => {
    const s = await backend().project();
    await s.tasks.create(
      Array.from({ length: 40 }, (_, i) => ({ title: `t${i}` })),
      'ann',
    );
    const claimed = await Promise.all(Array.from({ length: 24 }, (_, i) => s.tasks.pickup({ agent: `a${i}` })));
    await Promise.all(
      claimed.slice(0, 12).map((t, i) => (t ? s.tasks.done(t.task_number, { agent: `a${i}` }) : undefined)),
    );
    await Promise.all([
      s.tasks.block('T-040', { actor: 'ann', reason: 'r' }),
      s.tasks.cancel('T-039', { actor: 'ann', reason: 'dup' }),
      s.tasks.update('T-038', { status: 'done' }, 'ann'),
    ]);
    await expectExact(s);
    expect((await s.tasks.board()).counts).toMatchObject({ review: 12, 'in-progress': 12, blocked: 1, cancelled: 1 });
  });

  it('projects are counted apart', async () => {
    const a = await backend().project('a');
    const b = await backend().project('b');
    await a.tasks.create([{ title: '1' }, { title: '2' }], 'ann');
    await b.tasks.create([{ title: '1' }], 'ann');
    expect((await a.tasks.board()).counts.open).toBe(2);
    expect((await b.tasks.board()).counts.open).toBe(1);
  });
});
