import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/db/sqlite/database.js';
import { EXPIRED_SQL, PICKUP_SQL } from '../../../src/db/sqlite/task-queries.js';
import {
  boundedSorts,
  fullTableScans,
  sorts,
  taskQueryPlans,
  type PlannedQuery,
} from '../../../scripts/bench/query-plans.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

// Plans, not timings: a query served by the right index stays O(log n) however large the board grows.
let db: Db;
let plans: PlannedQuery[];

beforeAll(() => {
  db = openDatabase(join(tempDir('cpk-plans-'), 'data.db'));
  plans = taskQueryPlans(db);
});
afterAll(() => {
  db.close();
  removeTempDirs();
});

const planOf = (name: string): string[] => {
  const found = plans.filter((p) => p.name === name);
  expect(found, `no statement captured for "${name}"`).toHaveLength(1);
  return found[0]!.plan;
};

describe('task board query plans', () => {
  it('captures the statements the store really runs', () => {
    expect(plans.find((p) => p.name === 'pickup candidate')?.sql).toBe(PICKUP_SQL);
    expect(plans.find((p) => p.name === 'lapsed leases (reclaimed on every pickup)')?.sql).toBe(EXPIRED_SQL);
    expect(plans.length).toBeGreaterThanOrEqual(18);
    for (const p of plans) expect(p.plan.length, p.name).toBeGreaterThan(0);
  });

  it('no task-board query reads a whole table', () => {
    const scans = plans.filter((p) => fullTableScans(p.plan).length > 0).map((p) => `${p.name}: ${p.plan.join(' / ')}`);
    expect(scans).toEqual([]);
  });

  it('pickup takes the first entry of the partial pickup index, without sorting', () => {
    const plan = planOf('pickup candidate');
    expect(plan.join('\n')).toMatch(/USING INDEX tasks_pickup\b/);
    expect(sorts(plan)).toEqual([]);
  });

  it('lapsed-lease reclaim and the next expiry read the lease index in order, not every in-progress task', () => {
    for (const name of ['lapsed leases (reclaimed on every pickup)', 'next lease expiry (long-poll wake-up)']) {
      const plan = planOf(name);
      expect(plan.join('\n'), name).toMatch(/USING (COVERING )?INDEX tasks_lease\b/);
      expect(sorts(plan), name).toEqual([]);
    }
  });

  it('board-order listings walk an index in order, so a page costs its size', () => {
    const names = ['list, board order', 'list, one status', 'list, one status after a cursor', 'list, epic'];
    for (const name of [...names, 'list, two statuses', 'list as JSON, every status but cancelled (GET /api/tasks)']) {
      const plan = planOf(name);
      const reads = plan.filter((l) => / tasks USING /.test(l) && !/\(number=\?\)$/.test(l));
      expect(reads.length, name).toBeGreaterThan(0);
      for (const read of reads) expect(read, name).toMatch(/USING (COVERING )?INDEX tasks_(status_order|epic) \(/);
      // Every arm, and their merge, stops at the page size; the only sorts merge those arms (or order one
      // task's dependencies).
      const sql = plans.find((p) => p.name === name)!.sql;
      expect(sql.match(/ORDER BY priority, number LIMIT @limit\)/g)?.length, name).toBe(reads.length + 1);
      expect(sorts(plan), name).toEqual(boundedSorts(plan));
    }
    expect(sorts(planOf('list, one status'))).toEqual([]);
  });

  it("an agent's listing reads the agent's tasks, not the board in order", () => {
    expect(planOf('list, assignee').join('\n')).toMatch(
      /SEARCH tasks USING INDEX tasks_assignee \(assignee=\? AND status=\?\)/,
    );
  });

  it('filtered listings search an index first', () => {
    for (const name of ['list, two statuses', 'list, assignee', 'list, tag', "an agent's tasks"]) {
      expect(
        planOf(name).some((l) => l.startsWith('SEARCH')),
        name,
      ).toBe(true);
    }
  });

  it('dependency resolution follows the edge indexes in both directions', () => {
    const dependents = planOf('dependents of a task (resolution)').join('\n');
    expect(dependents).toMatch(/SEARCH d USING COVERING INDEX task_deps_reverse \(depends_on_number=\?\)/);
    expect(dependents).toMatch(/SEARCH t USING INDEX \S+ \(number=\?\)/);
    const unmet = planOf('unmet dependencies of a task').join('\n');
    expect(unmet).toMatch(/SEARCH d USING PRIMARY KEY \(task_number=\?\)/);
    expect(unmet).toMatch(/SEARCH t USING INDEX \S+ \(number=\?\)/);
  });

  it("rewriting a task's tags and edges finds its rows by task number", () => {
    expect(planOf("rewrite a task's tags (update)").join('\n')).toMatch(
      /SEARCH task_tags USING (COVERING )?INDEX task_tags_by_task \(task_number=\?\)/,
    );
    expect(planOf("rewrite a task's dependency edges (update)").join('\n')).toMatch(
      /SEARCH task_deps USING PRIMARY KEY \(task_number=\?\)/,
    );
  });

  it('lookups by number and by id are index searches', () => {
    expect(planOf('task by number').join('\n')).toMatch(/^SEARCH tasks USING INDEX \S+ \(number=\?\)$/);
    expect(planOf('task by id').join('\n')).toMatch(/^SEARCH tasks USING INDEX \S+ \(id=\?\)$/);
  });
});

describe('plan classification', () => {
  it('tells a table scan from an index walk', () => {
    expect(fullTableScans(['SCAN tasks'])).toEqual(['SCAN tasks']);
    expect(fullTableScans(['SCAN task_tags'])).toEqual(['SCAN task_tags']);
    expect(
      fullTableScans(['SCAN tasks USING INDEX tasks_order', 'SEARCH tasks USING INDEX tasks_pickup (status=?)']),
    ).toEqual([]);
    expect(sorts(['SEARCH t USING INDEX x (a=?)', 'USE TEMP B-TREE FOR ORDER BY'])).toEqual([
      'USE TEMP B-TREE FOR ORDER BY',
    ]);
  });
});
