/**
 * EXPLAIN QUERY PLAN of the SQL the task store really runs. Each query is captured by running the
 * store's own query function on a connection whose `prepare` records the SQL it is given, so the plan
 * shown is the plan of the shipped statement, placeholders and all.
 */
import type { Db } from '../../src/db/sqlite/database.js';
import * as q from '../../src/db/sqlite/task-queries.js';
import { agentWorkRows } from '../../src/db/sqlite/agents.js';
import { listTaskJson, listTaskRows } from '../../src/db/sqlite/task-list.js';

export interface PlannedQuery {
  name: string;
  /** What the query is for: pickup, lease reclaim, listing, dependency resolution, lookup, summary. */
  role: 'pickup' | 'lease' | 'list' | 'dependencies' | 'lookup' | 'summary' | 'write';
  sql: string;
  plan: string[];
}

const QUERIES: { name: string; role: PlannedQuery['role']; run: (db: Db) => unknown }[] = [
  { name: 'pickup candidate', role: 'pickup', run: (db) => q.pickupCandidate(db) },
  // Run directly: expiredLeases skips it while no lease has lapsed.
  {
    name: 'lapsed leases (reclaimed on every pickup)',
    role: 'lease',
    run: (db) => db.prepare(q.EXPIRED_SQL).all(new Date().toISOString(), 50),
  },
  { name: 'next lease expiry (long-poll wake-up)', role: 'lease', run: (db) => q.nextLeaseExpiry(db) },
  { name: 'list, board order', role: 'list', run: (db) => listTaskRows(db, { limit: 11 }) },
  { name: 'list, one status', role: 'list', run: (db) => listTaskRows(db, { limit: 11, statuses: ['open'] }) },
  {
    name: 'list, one status after a cursor',
    role: 'list',
    run: (db) => listTaskRows(db, { limit: 11, statuses: ['open'], after: { priority: 'P1', number: 1 } }),
  },
  {
    name: 'list, two statuses',
    role: 'list',
    run: (db) => listTaskRows(db, { limit: 11, statuses: ['open', 'in-progress'] }),
  },
  { name: 'list, epic', role: 'list', run: (db) => listTaskRows(db, { limit: 11, epic: 'epic-1' }) },
  { name: 'list, assignee', role: 'list', run: (db) => listTaskRows(db, { limit: 11, assignee: 'agent-1' }) },
  { name: 'list, tag', role: 'list', run: (db) => listTaskRows(db, { limit: 11, tag: 'bench' }) },
  {
    name: 'list as JSON, every status but cancelled (GET /api/tasks)',
    role: 'list',
    run: (db) =>
      listTaskJson(db, { limit: 11, statuses: ['backlog', 'open', 'in-progress', 'review', 'done', 'blocked'] }, 'p'),
  },
  { name: "an agent's tasks", role: 'list', run: (db) => q.tasksOfAgent(db, 'agent-1', ['in-progress', 'review']) },
  { name: 'dependents of a task (resolution)', role: 'dependencies', run: (db) => q.dependentsOf(db, 1) },
  { name: 'unmet dependencies of a task', role: 'dependencies', run: (db) => q.unmetDepsOf(db, 1) },
  { name: 'task by number', role: 'lookup', run: (db) => q.taskByNumber(db, 1) },
  { name: 'task by id', role: 'lookup', run: (db) => q.taskById(db, 'x') },
  { name: 'counts by status (board status)', role: 'summary', run: (db) => q.countByStatus(db) },
  {
    name: "agents' counts and current tasks (board status)",
    role: 'summary',
    run: (db) => agentWorkRows(db, '2026-01-01T00:00:00.000Z'),
  },
  { name: 'blocked tasks (board status)', role: 'summary', run: (db) => q.blockedTasks(db, 100) },
  {
    name: 'lapsed leases (board status)',
    role: 'summary',
    run: (db) => q.lapsedLeases(db, '9999-01-01T00:00:00.000Z', 100),
  },
  // Writes: on a read-only connection the statement is still prepared (and planned), then refused.
  { name: "rewrite a task's tags (update)", role: 'write', run: (db) => q.setTaskTags(db, 0, []) },
  { name: "rewrite a task's dependency edges (update)", role: 'write', run: (db) => q.setTaskDeps(db, 0, []) },
];

/** Plans of every task-board query, on `db` (a fresh connection: statements it has cached are not seen). */
export function taskQueryPlans(db: Db): PlannedQuery[] {
  const prepare = db.prepare.bind(db);
  let captured: { sql: string; args: unknown[] | undefined }[] = [];
  // A throwaway view of db: statement caches are keyed by connection object, so this one starts empty.
  const recording = Object.create(db) as Db;
  recording.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const entry: { sql: string; args: unknown[] | undefined } = { sql, args: undefined };
    captured.push(entry);
    for (const method of ['get', 'all', 'run'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        entry.args = args;
        return original(...args);
      };
    }
    return statement;
  }) as Db['prepare'];
  const out: PlannedQuery[] = [];
  for (const query of QUERIES) {
    captured = [];
    try {
      query.run(recording);
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_READONLY') throw err;
    }
    for (const { sql, args } of captured) {
      if (args === undefined) continue; // prepared but not run by this call
      // Same bound values as the real call: the planner sees what the store's statement sees.
      const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
      out.push({
        name: query.name,
        role: query.role,
        sql: sql.replace(/\s+/g, ' ').trim(),
        plan: rows.map((r) => r.detail),
      });
    }
  }
  return out;
}

/** A plan line that reads a whole table rather than searching an index. */
/** Tables whose size is fixed and small, read whole on purpose: task_counts has one row per status. */
const SMALL_TABLES = new Set(['task_counts']);

/** Rows a query made itself (a subquery's or a CTE's, a JSON value's elements): not a stored table. */
const MADE_ROWS = /^SCAN (\(subquery-\d+\)|page|\S+ VIRTUAL TABLE\b)/;

export function fullTableScans(plan: readonly string[]): string[] {
  return plan.filter((line) => {
    if (MADE_ROWS.test(line.trim())) return false;
    const m = /^SCAN (\S+)( USING (INTEGER )?PRIMARY KEY)?$/.exec(line.trim());
    return m !== null && !SMALL_TABLES.has(m[1] ?? '');
  });
}

/**
 * Sorts of rows a LIMIT has already bounded: the merge of a listing's per-status arms (each a subquery
 * with `LIMIT @limit`, scanned then sorted), and one task's dependencies for its JSON.
 */
export function boundedSorts(plan: readonly string[]): string[] {
  return plan.filter(
    (line, i) =>
      line.includes('TEMP B-TREE') &&
      (/^SCAN \(subquery-\d+\)$/.test(plan[i - 1]?.trim() ?? '') || line.includes('json_group_array(ORDER BY)')),
  );
}

/** A plan line that sorts the rows it found (cost grows with the rows matched, not the rows returned). */
export function sorts(plan: readonly string[]): string[] {
  return plan.filter((line) => line.includes('TEMP B-TREE'));
}
