import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';

/**
 * Writes that arrive together share a transaction on both stores (group commit); each must still
 * succeed or fail alone, see the writes before it, and leave the log gapless.
 */
describeEachBackend('writes submitted together', (backend) => {
  it('a failing write fails alone; the others commit in order, each seeing the ones before it', async () => {
    const s = await backend().project();
    await s.tasks.create(
      Array.from({ length: 12 }, (_, i) => ({ title: `t${i + 1}` })),
      'human',
    );
    const before = await s.events.latestId();
    const claims = Array.from({ length: 8 }, (_, i) => s.tasks.pickup({ agent: `agent-${i}` }));
    const refused = [s.tasks.done('T-999', { agent: 'agent-0' }), s.tasks.heartbeat('T-012', { agent: 'nobody' })];
    const creates = [
      s.tasks.create([{ title: 'made together', key: 'k1' }], 'human'),
      s.tasks.create([{ title: 'same key, same group', key: 'k1' }], 'human'),
    ];
    const [claimed, failed, made] = await Promise.all([
      Promise.all(claims),
      Promise.allSettled(refused),
      Promise.all(creates),
    ]);
    // All the same priority: the oldest eight, one each, in submission order.
    expect(claimed.map((t) => t?.task_number)).toEqual([
      'T-001',
      'T-002',
      'T-003',
      'T-004',
      'T-005',
      'T-006',
      'T-007',
      'T-008',
    ]);
    expect(failed.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'task_not_found' });
    // The second create sees the first's key within the same transaction: the same task.
    expect(made.map((m) => m[0]?.task_number)).toEqual(['T-013', 'T-013']);

    const events = await s.events.list({ after: before, limit: 100 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => before + 1 + i));
    expect(events.filter((e) => e.type === 'task.pickup')).toHaveLength(8);
    // Every agent that claimed is known, seen when it claimed.
    const agents = (await s.tasks.agents()).map((a) => a.name);
    for (let i = 0; i < 8; i++) expect(agents).toContain(`agent-${i}`);
  });

  it('hundreds of concurrent claims on one project: every task once, the log gapless', async () => {
    const s = await backend().project();
    await s.tasks.create(
      Array.from({ length: 300 }, (_, i) => ({ title: `t${i + 1}`, priority: i % 3 === 0 ? 'P0' : 'P2' })),
      'human',
    );
    const claims = await Promise.all(Array.from({ length: 320 }, (_, i) => s.tasks.pickup({ agent: `a${i % 16}` })));
    const numbers = claims.filter((t) => t !== null).map((t) => t.task_number);
    expect(numbers).toHaveLength(300);
    expect(new Set(numbers).size).toBe(300);
    expect(claims.filter((t) => t === null)).toHaveLength(20);
    // Each claim took the best task left at its turn: the P0 tasks went to the first 100 claims.
    const p0 = claims.slice(0, 100).map((t) => t?.priority);
    expect(new Set(p0)).toEqual(new Set(['P0']));
    const events = await s.events.list({ limit: 1000 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });
});
