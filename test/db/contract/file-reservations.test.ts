import { expect, it } from 'vitest';
import { parseGlob } from '../../../src/core/rules/globs.js';
import { globsOverlap } from '../../../src/core/rules/globs-overlap.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import type { Task } from '../../../src/core/types.js';
import { describeEachBackend, refusal } from './backends.js';

/** Globs that overlap each other in many ways (a folder and a file in it, a wildcard across folders). */
const ROUNDS = Number(process.env.CPK_ROUNDS ?? 100);
const GLOBS = ['src/a/**', 'src/a/x.ts', 'src/*/y.ts', 'src/b/**', 'docs/**', '**/*.md', 'lib/z.ts', 'lib/[a-m]*'];

function pick<T>(list: readonly T[], seed: number, count: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(list[(seed * 7 + i * 3) % list.length] as T);
  return [...new Set(out)];
}

async function liveClaims(s: ProjectStore): Promise<Task[]> {
  return (await s.tasks.list({ status: ['in-progress'], limit: 1000 })).tasks;
}

/** Two live claims of different agents never hold overlapping files. */
function assertNoOverlap(claims: readonly Task[]): void {
  for (const [i, a] of claims.entries())
    for (const b of claims.slice(i + 1)) {
      if (a.assignee === b.assignee) continue;
      for (const fa of a.files)
        for (const fb of b.files)
          expect(globsOverlap(parseGlob(fa), parseGlob(fb)), `${a.task_number} ${fa} / ${b.task_number} ${fb}`).toBe(
            false,
          );
    }
}

describeEachBackend('file reservations', (backend) => {
  it('100 rounds of 8 agents picking up at once: one winner per task, never two live claims with overlapping files', async () => {
    const s = await backend().project();
    for (let round = 0; round < ROUNDS; round++) {
      await s.tasks.create(
        Array.from({ length: 6 }, (_, i) => ({
          title: `r${round} t${i}`,
          files: i === 5 ? [] : pick(GLOBS, round * 6 + i, 1 + ((round + i) % 3)),
        })),
        'human',
      );
      const agents = Array.from({ length: 8 }, (_, i) => `agent-${i}`);
      const got = await Promise.all(agents.map((agent) => s.tasks.pickup({ agent })));
      const won = got.filter((t): t is Task => t !== null);
      expect(won.length).toBeGreaterThan(0);
      // Each claimed task went to exactly one agent, the one the task names.
      expect(new Set(won.map((t) => t.task_number)).size).toBe(won.length);
      for (const [i, t] of got.entries()) if (t) expect(t.assignee).toBe(agents[i]);
      assertNoOverlap(await liveClaims(s));
      // Finish some, give some back, keep some: later rounds start beside claims still held.
      for (const [i, t] of won.entries()) {
        if (!t.assignee) continue;
        if (i % 3 === 0) await s.tasks.done(t.task_number, { agent: t.assignee });
        else if (i % 3 === 1) await s.tasks.release(t.task_number, { agent: t.assignee });
      }
      // Claims held over more than a round end, so the board keeps moving.
      for (const t of await liveClaims(s))
        if ((round + Number(t.task_number.slice(2))) % 2 === 0)
          await s.tasks.block(t.task_number, { actor: 'human', reason: 'make room' });
    }
  }, 400_000);

  it('a claim holds its files for the life of its lease: renewed by heartbeat, released by done, release, block and lapse', async () => {
    const b = backend();
    const s = await b.project();
    await s.tasks.create(
      [
        { title: 'a', files: ['src/**'] },
        { title: 'b', files: ['src/x.ts'] },
      ],
      'human',
    );
    const held = await s.tasks.pickup({ agent: 'ann', lease_seconds: 60 });
    expect(held?.task_number).toBe('T-001');
    const explained = await s.tasks.pickupExplained({ agent: 'bob' });
    expect(explained.task).toBeNull();
    expect(explained.skipped).toEqual([
      expect.objectContaining({ task_number: 'T-002', held_by: 'ann', hold: 'T-001', files: ['src/**'] }),
    ]);
    const named = await refusal(s.tasks.pickup({ agent: 'bob', task_ref: 'T-002' }));
    expect(named).toMatchObject({ status: 409 });
    expect(named.message).toContain('src/** held by ann (T-001, until 2026-01-01T00:01:00.000Z)');
    // The same agent is never in its own way.
    expect((await s.tasks.pickup({ agent: 'ann' }))?.task_number).toBe('T-002');
    await s.tasks.release('T-002', { agent: 'ann' });
    b.clock.advance(50);
    await s.tasks.heartbeat('T-001', { agent: 'ann' });
    b.clock.advance(50);
    expect(await s.tasks.pickup({ agent: 'bob' })).toBeNull();
    expect((await s.files.holds()).map((h) => h.ref)).toEqual(['T-001']);
    // The lease lapses: the files are free at once, before anything reclaims the task.
    b.clock.advance(11);
    expect(await s.files.holds()).toEqual([]);
    expect((await s.tasks.pickup({ agent: 'bob' }))?.task_number).toBe('T-001');
    await s.tasks.block('T-001', { actor: 'bob', reason: 'x' });
    expect((await s.tasks.pickup({ agent: 'cat' }))?.task_number).toBe('T-002');
    await s.tasks.done('T-002', { agent: 'cat' });
    expect(await s.files.holds()).toEqual([]);
    expect((await s.tasks.board()).reservations).toEqual([]);
  });

  it('ad-hoc reservations: exclusive by default, shared beside shared, expired ones never block, released by id or glob', async () => {
    const b = backend();
    const s = await b.project();
    const r1 = await s.files.reserve({ agent: 'ann', files: ['docs/**'], ttl_seconds: 30 });
    expect(r1).toMatchObject({ id: 'R-1', agent: 'ann', files: ['docs/**'], shared: false });
    const clash = await refusal(s.files.reserve({ agent: 'bob', files: ['docs/a.md'] }));
    expect(clash.status).toBe(409);
    expect(clash.message).toContain('docs/** held by ann (R-1, until 2026-01-01T00:00:30.000Z)');
    expect((await s.files.reserve({ agent: 'bob', files: ['src/'] })).files).toEqual(['src/**']);
    // A task whose files are reserved is passed over; the reserving agent itself may take it.
    await s.tasks.create([{ title: 'docs', files: ['docs/guide.md'] }], 'human');
    expect(await s.tasks.pickup({ agent: 'cat' })).toBeNull();
    b.clock.advance(31);
    expect((await s.files.holds()).map((h) => h.ref)).toEqual(['R-2']);
    expect((await s.tasks.pickup({ agent: 'cat' }))?.task_number).toBe('T-001');
    await s.files.reserve({ agent: 'dan', files: ['lib/**'], shared: true });
    await s.files.reserve({ agent: 'eve', files: ['lib/x.ts'], shared: true });
    expect((await refusal(s.files.reserve({ agent: 'fay', files: ['lib/y.ts'] }))).status).toBe(409);
    expect((await s.files.release({ agent: 'bob', files: ['src/**'] })).map((r) => r.id)).toEqual(['R-2']);
    expect((await s.files.release({ agent: 'dan', ids: ['r-3'] })).map((r) => r.id)).toEqual(['R-3']);
    expect(await s.files.release({ agent: 'dan' })).toEqual([]);
    expect((await s.files.holds()).map((h) => h.ref)).toEqual(['T-001', 'R-4']);
    const events = await s.events.list({ type: 'files.reserved', limit: 10 });
    expect(events.map((e) => e.entity_id)).toEqual(['R-1', 'R-2', 'R-3', 'R-4']);
  });

  it('a hold is found wherever its lead sits: a parent folder, below, a sibling sharing a prefix, no lead at all', async () => {
    const HELD = [
      'src/a/**',
      'src/a-b/x.ts',
      'src/a.ts',
      'src',
      'src/**',
      '**/*.md',
      'lib/[a]b/c',
      'docs/x/y/z.txt',
      'src/a0/q',
    ];
    const PROBES = [
      ...HELD,
      'src/a/b/c.ts',
      'src/a',
      'src/a-b/**',
      'src/*',
      'docs/**',
      'docs/x/*/z.txt',
      'docs/x/y',
      'lib/ab/c',
      'lib/?b/*',
      'x.md',
      'src/a0',
      'src/a0/**',
      '*',
      'other/file.ts',
    ];
    /** The holders a reservation of `probe` is refused naming, and whether a pickup takes a task of it. */
    const probeAll = async (s: ProjectStore, expected: (probe: string) => string[]) => {
      for (const probe of PROBES) {
        let named: string[] = [];
        try {
          await s.files.reserve({ agent: 'picker', files: [probe], ttl_seconds: 1 });
        } catch (err) {
          named = [...(err as Error).message.matchAll(/held by (holder-\d+)/g)].map((m) => m[1] ?? '');
        }
        expect(named.sort(), probe).toEqual(expected(probe).sort());
        const [task] = await s.tasks.create([{ title: probe, files: [probe] }], 'human');
        const got = await s.tasks.pickup({ agent: 'picker' });
        expect(got?.task_number ?? null, `pickup of ${probe}`).toBe(
          expected(probe).length > 0 ? null : task?.task_number,
        );
        if (got) await s.tasks.release(got.task_number, { agent: 'picker' });
        if (task) await s.tasks.cancel(task.task_number, { actor: 'human', reason: 'probed' });
      }
    };
    const overlapping = (held: readonly string[]) => (probe: string) =>
      held.flatMap((g) => (globsOverlap(parseGlob(g), parseGlob(probe)) ? [`holder-${HELD.indexOf(g)}`] : []));
    // Ad-hoc reservations, shared so that they all stand at once (the probe's are exclusive).
    const s = await backend().project('leads-reserved');
    for (const [i, g] of HELD.entries()) await s.files.reserve({ agent: `holder-${i}`, files: [g], shared: true });
    await probeAll(s, overlapping(HELD));
    // Claims are exclusive: one held claim per project.
    for (const g of HELD) {
      const c = await backend().project('leads-claimed');
      await c.tasks.create([{ title: 'held', files: [g] }], 'human');
      expect(await c.tasks.pickup({ agent: `holder-${HELD.indexOf(g)}` })).not.toBeNull();
      await probeAll(c, overlapping([g]));
    }
  }, 120_000);

  it('bad globs are refused naming the field; the verify result is recorded with the done, a failed one refused', async () => {
    const s = await backend().project();
    const bad = await refusal(s.tasks.create([{ title: 'x', files: ['src/**', 'a//b'] }], 'human'));
    expect(bad).toMatchObject({ code: 'validation_error' });
    expect(bad.message).toMatch(/^files\.1: /);
    expect((await refusal(s.files.reserve({ agent: 'a', files: ['/etc'] }))).message).toMatch(/^files\.0: /);
    await s.tasks.create([{ title: 'v', verify: 'npm test', files: ['x/'] }], 'human');
    expect((await s.tasks.get('T-001')).files).toEqual(['x/**']);
    await s.tasks.pickup({ agent: 'ann' });
    const report = { command: 'npm test', exit_code: 1, duration_ms: 120, output_tail: 'FAIL' };
    const failed = await refusal(s.tasks.done('T-001', { agent: 'ann', verify: { status: 'failed', ...report } }));
    expect(failed).toMatchObject({ status: 409 });
    const done = await s.tasks.done('T-001', { agent: 'ann', verify: { ...report, status: 'passed', exit_code: 0 } });
    expect(done.verify_result).toMatchObject({ status: 'passed', exit_code: 0, by: 'ann', output_tail: 'FAIL' });
    expect((await s.tasks.get('T-001')).verify_result?.recorded_at).toBe('2026-01-01T00:00:00.000Z');
  });
});
