import type pg from 'pg';
import type { ProjectCheck } from '../../core/ports.js';
import { SATISFYING_STATUSES } from '../../core/rules/dependencies.js';
import { readQuery } from './write.js';

/**
 * `cpk doctor` over PostgreSQL: the database keeps its own pages sound; what is checked here is what
 * the store promises on top: a gapless log, numbers never reused, and the pending-dependency counts that
 * the claim index reads.
 */
export async function checkProject(pool: pg.Pool, projectId: string, where: string): Promise<ProjectCheck> {
  const started = Date.now();
  const problems: string[] = [];
  const [log] = await readQuery<{
    count: number;
    max: number | null;
    last: number;
    tasks: number | null;
    next: number;
  }>(
    pool,
    `SELECT (SELECT count(*)::float8 FROM events WHERE project_id = $1) AS count,
            (SELECT max(seq)::float8 FROM events WHERE project_id = $1) AS max,
            c.last_event_seq::float8 AS last,
            (SELECT max(number) FROM tasks WHERE project_id = $1) AS tasks,
            c.next_task_number AS next
     FROM project_counters c WHERE c.project_id = $1`,
    [projectId],
  );
  if (!log) problems.push('the project has no counter row');
  else {
    if (log.count !== log.last || (log.max ?? 0) !== log.last)
      problems.push(`the event log holds ${log.count} events up to seq ${log.max ?? 0}, its counter says ${log.last}`);
    if ((log.tasks ?? 0) >= log.next)
      problems.push(`task number ${log.tasks} exists, yet the next to give out is ${log.next}`);
  }
  const wrong = await readQuery<{ number: number; stored: number; actual: number; deps_met: boolean }>(
    pool,
    `SELECT t.number, t.deps_pending AS stored, t.deps_met,
            (SELECT count(*)::int FROM task_deps d JOIN tasks x ON x.project_id = d.project_id AND x.number = d.depends_on_number
             WHERE d.project_id = t.project_id AND d.task_number = t.number AND x.status <> ALL($2::text[])) AS actual
     FROM tasks t WHERE t.project_id = $1`,
    [projectId, [...SATISFYING_STATUSES]],
  );
  for (const t of wrong) {
    if (t.stored !== t.actual)
      problems.push(`T-${t.number}: ${t.stored} dependencies counted pending, ${t.actual} are`);
    else if (t.deps_met !== (t.actual === 0))
      problems.push(`T-${t.number}: deps_met is ${t.deps_met} with ${t.actual} dependencies pending`);
  }
  return {
    project_id: projectId,
    file: `${where}, project ${projectId}`,
    kind: 'integrity_check',
    ok: problems.length === 0,
    problems: problems.slice(0, 100),
    duration_ms: Date.now() - started,
  };
}
