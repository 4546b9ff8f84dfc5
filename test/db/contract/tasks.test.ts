import { expect, it } from 'vitest';
import { describeEachBackend, refusal } from './backends.js';

describeEachBackend('task store', (backend) => {
  it('creates tasks numbered in order, open unless a dependency is unmet, and reads them back', async () => {
    const s = await backend().project();
    const [a] = await s.tasks.create([{ title: 'a', priority: 'P2', tags: ['x', 'x', 'y'], epic: 'e1' }], 'ann');
    expect(a).toMatchObject({
      task_number: 'T-001',
      title: 'a',
      status: 'open',
      priority: 'P2',
      tags: ['x', 'y'],
      epic: 'e1',
      deps_met: true,
      attempts: 0,
      pickups: 0,
      lapses: 0,
      key: null,
      assignee: null,
      notes: [],
      created_at: '2026-01-01T00:00:00.000Z',
    });
    const batch = await s.tasks.create(
      [
        { title: 'b', depends_on: ['T-001'], acceptance_criteria: ['c1'], context_refs: ['r'], verify: 'npm test' },
        { title: 'c', depends_on: ['T-002'], status: 'backlog' },
        { title: 'd', priority: 'P0', capabilities: ['ts'] },
      ],
      'ann',
    );
    expect(batch.map((t) => [t.task_number, t.status, t.deps_met, t.depends_on])).toEqual([
      ['T-002', 'backlog', false, ['T-001']],
      ['T-003', 'backlog', false, ['T-002']],
      ['T-004', 'open', true, []],
    ]);
    expect(await s.tasks.get('t-002')).toEqual(batch[0]);
    expect(await s.tasks.get(a!.id)).toEqual(a);
    expect(await refusal(s.tasks.get('T-999'))).toMatchObject({ code: 'task_not_found', status: 404 });
    expect(await refusal(s.tasks.get('not-an-id'))).toMatchObject({ code: 'task_not_found' });
  });

  it('lists in board order (P0 first, then oldest), filtered and paged by cursor', async () => {
    const s = await backend().project();
    await s.tasks.create(
      [
        { title: 'p1', priority: 'P1', tags: ['t'] },
        { title: 'p0', priority: 'P0', epic: 'e' },
        { title: 'p2', priority: 'P2', tags: ['t'] },
        { title: 'p0b', priority: 'P0' },
      ],
      'ann',
    );
    const titles = async (f: Parameters<typeof s.tasks.list>[0]) => (await s.tasks.list(f)).tasks.map((t) => t.title);
    expect(await titles({ limit: 10 })).toEqual(['p0', 'p0b', 'p1', 'p2']);
    expect(await titles({ limit: 10, tag: 't' })).toEqual(['p1', 'p2']);
    expect(await titles({ limit: 10, epic: 'e' })).toEqual(['p0']);
    const first = await s.tasks.list({ limit: 3 });
    expect(first.next_cursor).toBe('P1.1');
    expect(await titles({ limit: 3, cursor: first.next_cursor! })).toEqual(['p2']);
    expect((await s.tasks.list({ limit: 4 })).next_cursor).toBeNull();
    expect(await refusal(s.tasks.list({ limit: 3, cursor: 'junk' }))).toMatchObject({ code: 'validation_error' });
    await s.tasks.pickup({ agent: 'ann' });
    expect(await titles({ limit: 10, status: ['in-progress'], assignee: 'ann' })).toEqual(['p0']);
    expect(await titles({ limit: 10, status: ['open', 'backlog'] })).toEqual(['p0b', 'p1', 'p2']);
  });

  it('picks up P0 first, then the oldest, leasing the task; nothing left is null', async () => {
    const s = await backend().project();
    await s.tasks.create([{ title: 'old P1' }, { title: 'P0', priority: 'P0' }, { title: 'new P1' }], 'human');
    const got = [];
    for (const agent of ['a1', 'a2', 'a3']) got.push(await s.tasks.pickup({ agent, lease_seconds: 120 }));
    expect(got.map((t) => [t?.title, t?.assignee, t?.status])).toEqual([
      ['P0', 'a1', 'in-progress'],
      ['old P1', 'a2', 'in-progress'],
      ['new P1', 'a3', 'in-progress'],
    ]);
    expect(got[0]).toMatchObject({
      attempts: 1,
      pickups: 1,
      started_at: '2026-01-01T00:00:00.000Z',
      lease_expires_at: '2026-01-01T00:02:00.000Z',
    });
    expect(await s.tasks.pickup({ agent: 'a4' })).toBeNull();
  });

  it('pickup of a named task: claims it, or refuses naming why', async () => {
    const s = await backend().project();
    await s.tasks.create([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c' }], 'human');
    expect(await s.tasks.pickup({ agent: 'ann', task_ref: 'T-003' })).toMatchObject({ title: 'c', assignee: 'ann' });
    expect(await refusal(s.tasks.pickup({ agent: 'bob', task_ref: 'T-003' }))).toMatchObject({
      code: 'conflict',
      message: 'T-003 is already taken by ann',
    });
    expect(await refusal(s.tasks.pickup({ agent: 'bob', task_ref: 'T-002' }))).toMatchObject({
      code: 'conflict',
      message: 'T-002 has unmet dependencies: T-001 (open)',
    });
    expect(await refusal(s.tasks.pickup({ agent: 'bob', task_ref: 'T-404' }))).toMatchObject({
      code: 'task_not_found',
    });
  });

  it('done → review → approved by someone else; the implementer cannot approve; reject sends it back', async () => {
    const s = await backend().project();
    await s.tasks.create([{ title: 'a' }, { title: 'b' }], 'human');
    await s.tasks.pickup({ agent: 'ann' });
    expect(await refusal(s.tasks.done('T-001', { agent: 'bob' }))).toMatchObject({
      code: 'conflict',
      message: 'T-001 is held by ann; bob cannot complete it (override with --force)',
    });
    const review = await s.tasks.done('T-001', { agent: 'ann', notes: 'built it' });
    expect(review).toMatchObject({ status: 'review', lease_expires_at: null, assignee: 'ann' });
    expect(review.notes).toEqual([{ author: 'ann', text: 'built it', created_at: '2026-01-01T00:00:00.000Z' }]);
    expect(await s.tasks.done('T-001', { agent: 'ann' })).toEqual(review);
    expect(await refusal(s.tasks.approve('T-001', { actor: 'ann' }))).toMatchObject({ code: 'conflict' });
    const rejected = await s.tasks.reject('T-001', { actor: 'rev', reason: 'tests fail' });
    expect(rejected).toMatchObject({ status: 'in-progress', assignee: 'ann' });
    expect(rejected.notes.at(-1)).toMatchObject({ author: 'rev', text: 'Rejected: tests fail' });
    await s.tasks.done('T-001', { agent: 'ann' });
    expect(await s.tasks.approve('T-001', { actor: 'rev', notes: 'ok' })).toMatchObject({
      status: 'done',
      completed_at: '2026-01-01T00:00:00.000Z',
    });
    expect(await refusal(s.tasks.approve('T-002', { actor: 'rev' }))).toMatchObject({
      code: 'conflict',
      message: 'T-002 is open; only review tasks can be approved',
    });
    expect(await s.tasks.mine('ann')).toEqual([]);
  });

  it('block, unblock, release, cancel, heartbeat and notes follow the same rules', async () => {
    const s = await backend().project();
    const { clock } = backend();
    await s.tasks.create([{ title: 'a' }, { title: 'b' }, { title: 'c' }], 'human');
    await s.tasks.pickup({ agent: 'ann', lease_seconds: 100 });
    expect(await s.tasks.block('T-001', { actor: 'ann', reason: 'need keys' })).toMatchObject({
      status: 'blocked',
      blocker_reason: 'need keys',
      lease_expires_at: null,
    });
    expect(await refusal(s.tasks.block('T-001', { actor: 'ann', reason: 'again' }))).toMatchObject({
      code: 'conflict',
    });
    expect(await s.tasks.unblock('T-001', { actor: 'human' })).toMatchObject({
      status: 'open',
      assignee: null,
      blocker_reason: null,
    });
    await s.tasks.pickup({ agent: 'bob', task_ref: 'T-002', lease_seconds: 100 });
    clock.advance(50);
    expect(await s.tasks.heartbeat('T-002', { agent: 'bob' })).toMatchObject({
      lease_expires_at: '2026-01-01T00:02:30.000Z',
    });
    expect(await refusal(s.tasks.heartbeat('T-002', { agent: 'ann' }))).toMatchObject({
      code: 'conflict',
      message: 'ann does not hold T-002 (it is held by bob); only its holder can extend the lease',
    });
    clock.advance(10);
    const noted = await s.tasks.addNote('T-002', { author: 'bob', text: 'halfway' });
    expect(noted.lease_expires_at).toBe('2026-01-01T00:02:40.000Z');
    expect(await s.tasks.addNote('T-002', { author: 'human', text: 'fyi' })).toMatchObject({
      lease_expires_at: '2026-01-01T00:02:40.000Z',
    });
    expect(await refusal(s.tasks.release('T-002', { agent: 'ann' }))).toMatchObject({ code: 'conflict' });
    expect(await s.tasks.release('T-002', { agent: 'bob' })).toMatchObject({ status: 'open', assignee: null });
    expect(await s.tasks.cancel('T-003', { actor: 'human', reason: 'duplicate' })).toMatchObject({
      status: 'cancelled',
    });
    expect(await refusal(s.tasks.cancel('T-003', { actor: 'human', reason: 'again' }))).toMatchObject({
      code: 'conflict',
    });
  });

  it('update: fields, a hand-set status with its side effects, dependencies checked', async () => {
    const s = await backend().project();
    await s.tasks.create([{ title: 'a' }, { title: 'b' }, { title: 'c', depends_on: ['T-002'] }], 'human');
    expect(await s.tasks.update('T-001', { title: 'A', tags: ['k', 'k'], priority: 'P0' }, 'human')).toMatchObject({
      title: 'A',
      tags: ['k'],
      priority: 'P0',
    });
    expect(await s.tasks.update('T-001', { status: 'in-progress', assignee: 'zed' }, 'human')).toMatchObject({
      status: 'in-progress',
      assignee: 'zed',
      lease_expires_at: '2026-01-01T01:00:00.000Z',
    });
    expect((await s.tasks.agent('zed')).status).toBe('working');
    expect(await refusal(s.tasks.update('T-002', { depends_on: ['T-003'] }, 'human'))).toMatchObject({
      code: 'validation_error',
      message: 'depends_on: dependency cycle T-002 → T-003 → T-002',
    });
    expect(await refusal(s.tasks.update('T-002', { depends_on: ['T-009', 'x'] }, 'human'))).toMatchObject({
      code: 'validation_error',
      message: 'depends_on: unknown tasks T-009, x',
    });
    expect(await s.tasks.update('T-002', { depends_on: ['T-001'] }, 'human')).toMatchObject({
      status: 'backlog',
      deps_met: false,
    });
    expect(await s.tasks.update('T-002', { depends_on: [] }, 'human')).toMatchObject({
      status: 'open',
      deps_met: true,
    });
    expect(await refusal(s.tasks.create([{ title: 'x', depends_on: ['T-100'] }], 'human'))).toMatchObject({
      code: 'validation_error',
    });
  });

  it('batch keys: a re-run batch creates nothing twice; a key repeated in a batch is refused', async () => {
    const s = await backend().project();
    const first = await s.tasks.create(
      [
        { title: 'a', key: 'k1' },
        { title: 'b', key: 'k2' },
      ],
      'human',
    );
    const again = await s.tasks.create(
      [
        { title: 'a', key: 'k1' },
        { title: 'new', key: 'k3' },
        { title: 'b', key: 'k2' },
      ],
      'human',
    );
    expect(again.map((t) => [t.task_number, t.key])).toEqual([
      ['T-001', 'k1'],
      ['T-003', 'k3'],
      ['T-002', 'k2'],
    ]);
    expect(again[0]).toEqual(first[0]);
    expect(
      await refusal(
        s.tasks.create(
          [
            { title: 'a', key: 'z' },
            { title: 'b', key: 'z' },
          ],
          'human',
        ),
      ),
    ).toMatchObject({ code: 'validation_error', message: '[1].key: repeats [0].key "z"' });
  });

  it('agents and the board are derived from the tasks', async () => {
    const s = await backend().project();
    const { clock } = backend();
    await s.tasks.create([{ title: 'a' }, { title: 'b' }, { title: 'c' }], 'human');
    await s.tasks.pickup({ agent: 'ann', lease_seconds: 10 });
    await s.tasks.pickup({ agent: 'bob' });
    await s.tasks.done('T-002', { agent: 'bob' });
    await s.tasks.block('T-003', { actor: 'cid', reason: 'why' });
    clock.advance(11);
    const board = await s.tasks.board();
    expect(board.counts).toMatchObject({ 'in-progress': 1, review: 1, blocked: 1, open: 0 });
    expect(board.total).toBe(3);
    expect(board.blocked).toEqual([{ task_number: 'T-003', title: 'c', blocker_reason: 'why', assignee: null }]);
    expect(board.expired_leases).toEqual([
      { task_number: 'T-001', title: 'a', assignee: 'ann', lease_expires_at: '2026-01-01T00:00:10.000Z' },
    ]);
    expect(board.agents.map((a) => [a.name, a.status, a.tasks_in_progress, a.tasks_in_review])).toEqual([
      ['ann', 'idle', 1, 0],
      ['bob', 'idle', 0, 1],
      ['cid', 'idle', 0, 0],
    ]);
    expect(await s.tasks.nextLeaseExpiry()).toBe('2026-01-01T00:00:10.000Z');
    expect(await refusal(s.tasks.agent('nobody'))).toMatchObject({ code: 'agent_not_found' });
    expect((await s.tasks.mine('bob')).map((t) => t.task_number)).toEqual(['T-002']);
  });
});
