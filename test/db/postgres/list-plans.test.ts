import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import type { TaskListQuery } from '../../../src/db/list-query.js';
import { listStatement } from '../../../src/db/postgres/board.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { SCHEMA } from '../../../src/db/postgres/migrate.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

const BOARD = 3000;
const LIMIT = 20;

/**
 * A listing reads a page's worth of rows per status, whatever the size of the board: each status in
 * board order from an index, merged (no index in board order across statuses is kept, migration 0007).
 */
describe.skipIf(!testCluster())('task listing plans', () => {
  const db = useTestDatabase('list_plans');
  let catalog: PostgresCatalog;
  let s: ProjectStore;
  let projectId: string;
  let c: pg.Client;

  beforeAll(async () => {
    catalog = await PostgresCatalog.open(db.url(), systemClock);
    projectId = (await catalog.createHosted({ name: 'plans' })).project.id;
    s = await catalog.open(projectId);
    for (let start = 0; start < BOARD; start += 1000) {
      await s.tasks.create(
        Array.from({ length: 1000 }, (_, i) => ({
          title: `task ${start + i}`,
          priority: `P${(start + i) % 3}` as 'P0' | 'P1' | 'P2',
          epic: `epic-${(start + i) % 10}`,
          tags: ['common', ...((start + i) % 100 === 0 ? ['rare'] : [])],
        })),
        'ann',
      );
    }
    for (let i = 0; i < 30; i++) await s.tasks.pickup({ agent: `agent-${i % 3}` });
    c = new pg.Client({ connectionString: db.url(), options: `-c search_path=${SCHEMA}` });
    await c.connect();
    await c.query('ANALYZE tasks');
  }, 60_000);
  afterAll(async () => {
    await c?.end();
    await catalog?.close();
  });

  const shapes: [string, Omit<TaskListQuery, 'limit'>][] = [
    ['every status', {}],
    ['open and in progress', { statuses: ['open', 'in-progress'] }],
    ['one epic', { epic: 'epic-3' }],
    ['a common tag', { tag: 'common' }],
    ['an agent', { assignee: 'agent-1' }],
    ['after a cursor', { after: { priority: 'P1', number: 1500 } }],
  ];

  it.each(shapes)('%s: rows read stay within a page per status', async (_, shape) => {
    const { text, params } = listStatement(projectId, { ...shape, limit: LIMIT });
    const { rows } = await c.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
      params,
    );
    const scans = nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan).filter((n) => n['Node Type'].includes('Scan'));
    const read = scans.reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1), 0);
    const arms = shape.statuses?.length ?? 6;
    expect(read).toBeLessThanOrEqual(arms * (LIMIT + 1));
    expect((await c.query(text, params)).rows.length).toBeGreaterThan(0);
  });
});
