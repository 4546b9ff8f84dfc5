import { LegacyDb, legacyFolder } from './legacy-db.js';

export const LIVE = '11111111-1111-4111-8111-111111111111';
export const STALE = '22222222-2222-4222-8222-222222222222';

/**
 * A codepakt 0.2 (schema 3) project: every status, met and unmet dependencies, a dependency on a task
 * that no longer exists, a gap in the numbers, docs referenced from a task, an unknown event action,
 * rows of an older project id in the same file, and the 0.2 code-index tables.
 */
export function buildSchema3(dir: string) {
  const legacy = new LegacyDb(legacyFolder(dir, LIVE), 3);
  const prd = legacy.doc(LIVE, {
    type: 'reference',
    title: 'PRD',
    body: '# Inventory app\n\nTrack stock levels per warehouse.',
    tags: ['prd', 'requirements'],
    author: 'human',
    at: '2026-02-01 09:00:00',
  });
  legacy.doc(LIVE, {
    type: 'decision',
    title: 'Use Postgres',
    body: 'Chosen for row-level locking.',
    section: 'storage',
    tags: ['db'],
    author: 'claude',
    at: '2026-02-01 10:30:00',
    updated: '2026-02-02 08:00:00',
  });
  legacy.doc(LIVE, { type: 'learning', title: 'Flaky barcode test', body: 'Seed the RNG.', at: '2026-02-03 12:00:00' });
  const ids: Record<string, string> = {};
  const key = (n: number) => `T-${String(n).padStart(3, '0')}`;
  const t = (n: number, extra: Omit<Parameters<LegacyDb['task']>[1], 'number'>) =>
    (ids[key(n)] = legacy.task(LIVE, { number: n, ...extra }));
  t(1, {
    title: 'Schema',
    status: 'done',
    priority: 'P0',
    assignee: 'claude',
    epic: 'Setup',
    verify: 'npm test',
    acceptance_criteria: ['migrations run'],
    notes: ['Added tables.'],
    created_at: '2026-02-01 09:05:00',
    updated_at: '2026-02-01 11:00:00',
    started_at: '2026-02-01 09:30:00',
    completed_at: '2026-02-01 11:00:00',
    context_refs: [prd, 'docs/schema.md'],
  });
  t(2, {
    title: 'API skeleton',
    status: 'review',
    assignee: 'codex',
    depends_on: ['T-001'],
    notes: ['Routes stubbed.'],
    created_at: '2026-02-01 09:06:00',
    updated_at: '2026-02-01 12:00:00',
    started_at: '2026-02-01 11:10:00',
    completed_at: '2026-02-01 12:00:00',
  });
  t(3, {
    title: 'Stock endpoint',
    status: 'in-progress',
    assignee: 'codex',
    depends_on: ['T-001'],
    created_at: '2026-02-01 09:07:00',
    updated_at: '2026-02-01 12:30:00',
    started_at: '2026-02-01 12:30:00',
  });
  t(4, {
    title: 'Barcode scanner',
    status: 'blocked',
    blocker_reason: 'Waiting for hardware',
    created_at: '2026-02-01 09:08:00',
    updated_at: '2026-02-02 09:00:00',
  });
  t(5, { title: 'Warehouse list', status: 'open', depends_on: ['T-001'], created_at: '2026-02-01 09:09:00' });
  t(6, {
    title: 'Stock alerts',
    status: 'backlog',
    depends_on: ['T-003'],
    deps_met: 0,
    created_at: '2026-02-01 09:10:00',
  });
  t(7, { title: 'Auth', status: 'open', priority: 'P0', depends_on: ['T-002'], created_at: '2026-02-01 09:11:00' });
  t(8, { title: 'Reports', status: 'open', priority: 'P2', depends_on: ['T-099'], created_at: '2026-02-01 09:12:00' });
  t(10, { title: 'Docs site', status: 'open', priority: 'P2', description: null, created_at: '2026-02-01 09:13:00' });
  legacy.meta('next_task_number', '12'); // T-011 was created and deleted in codepakt

  const ev = (task: string | null, action: string, at: string, agent: string | null = null, detail?: unknown) =>
    legacy.event(LIVE, { task_id: task, agent, action, detail, at });
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 10])
    ev(ids[key(n)] ?? null, 'task_created', `2026-02-01 09:${String(4 + n).padStart(2, '0')}:00`, null, {
      task_number: `T-${String(n).padStart(3, '0')}`,
    });
  ev(ids['T-001']!, 'task_pickup', '2026-02-01 09:30:00', 'claude', { agent: 'claude', task_number: 'T-001' });
  ev(ids['T-001']!, 'task_complete', '2026-02-01 10:45:00', 'claude', { notes: 'Added tables.', task_number: 'T-001' });
  ev(ids['T-002']!, 'deps_met', '2026-02-01 10:45:00', null, { task_number: 'T-002' });
  ev(ids['T-001']!, 'task_approved', '2026-02-01 11:00:00', null, { task_number: 'T-001', reviewed_by: 'human' });
  ev(ids['T-002']!, 'task_pickup', '2026-02-01 11:10:00', 'codex', { agent: 'codex' });
  ev(ids['T-002']!, 'task_complete', '2026-02-01 12:00:00', 'codex', { notes: 'Routes stubbed.' });
  ev(ids['T-003']!, 'task_pickup', '2026-02-01 12:30:00', 'codex', { agent: 'codex', task_number: 'T-003' });
  ev(ids['T-004']!, 'task_blocked', '2026-02-02 09:00:00', 'gemini', { reason: 'Waiting for hardware' });
  ev(ids['T-004']!, 'task_reassigned', '2026-02-02 09:01:00', 'human', { to: 'gemini' });
  legacy.event(LIVE, {
    task_id: null,
    agent: 'human',
    action: 'board_cleaned',
    rawDetail: 'not json',
    at: '2026-02-02 09:02:00',
  });
  legacy.agent(LIVE, 'claude', '2026-02-01 10:45:00');
  legacy.agent(LIVE, 'codex', '2026-02-01 12:30:00', ids['T-003']!);
  legacy.agent(LIVE, 'gemini', '2026-02-02 09:00:00');

  // An earlier `init` over the same folder left another project id's rows behind.
  legacy.task(STALE, { number: 1, title: 'Old task', created_at: '2026-01-01 00:00:00' });
  legacy.doc(STALE, { type: 'learning', title: 'Old doc', body: 'stale', at: '2026-01-01 00:00:00' });
  legacy.event(STALE, { task_id: null, action: 'task_created', at: '2026-01-01 00:00:00' });
  legacy.agent(STALE, 'old-agent', '2026-01-01 00:00:00');
  legacy.db.prepare("INSERT INTO symbols VALUES ('s1', ?, 'src/a.ts', 'main', 'function', 1)").run(LIVE);
  legacy.close();
  return ids;
}
