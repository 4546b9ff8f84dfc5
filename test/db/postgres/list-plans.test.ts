import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskListQuery } from '../../../src/db/list-query.js';
import { listStatement } from '../../../src/db/postgres/board.js';
import { testCluster } from '../../helpers/postgres.js';
import { useHostedProject } from '../../helpers/postgres-project.js';

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
  const project = useHostedProject('list_plans');

  beforeAll(async () => {
    const s = project.store();
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
    await project.sql().query('ANALYZE tasks');
  }, 60_000);

  const shapes: [string, Omit<TaskListQuery, 'limit'>][] = [
    ['every status', {}],
    ['open and in progress', { statuses: ['open', 'in-progress'] }],
    ['one epic', { epic: 'epic-3' }],
    ['a common tag', { tag: 'common' }],
    ['an agent', { assignee: 'agent-1' }],
    ['after a cursor', { after: { priority: 'P1', number: 1500 } }],
  ];

  it.each(shapes)('%s: rows read stay within a page per status', async (_, shape) => {
    const c = project.sql();
    const { text, params } = listStatement(project.projectId(), { ...shape, limit: LIMIT });
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
