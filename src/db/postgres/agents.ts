import { agentFromWork, agentNotFound, isAgentName } from '../../core/rules/agents.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import type { Agent } from '../../core/types.js';
import type { Query } from './task-sql.js';
import type { PgWrite } from './write.js';

/**
 * Agents come into being on first use of their name; every call refreshes `last_seen`, saved with the
 * transaction's other bookkeeping when it finishes (one statement for every agent its writes saw).
 */
export function touchAgent(w: PgWrite, name: string): void {
  if (isAgentName(name)) w.seen.add(name);
}

/** Make an agent known (e.g. assigned by hand) without claiming it was seen. */
export async function knowAgent(q: Query, projectId: string, name: string, now: string): Promise<void> {
  if (!isAgentName(name)) return;
  await q(
    `INSERT INTO agents (project_id, name, created_at, last_seen) VALUES ($1, $2, $3, $3)
     ON CONFLICT (project_id, name) DO NOTHING`,
    [projectId, name, now],
  );
}

interface AgentWorkRow {
  name: string;
  last_seen: Date;
  in_progress: number;
  in_review: number;
  current_number: number | null;
  current_lease: Date | null;
}

// Per agent: two counts over tasks_assignee and one walk down tasks_agent_current (migration 0004) to
// the first live lease; the project's size does not enter.
const WORK = `SELECT a.name, a.last_seen,
    (SELECT count(*) FROM tasks t WHERE t.project_id = a.project_id AND t.assignee = a.name
      AND t.status = 'in-progress')::int AS in_progress,
    (SELECT count(*) FROM tasks t WHERE t.project_id = a.project_id AND t.assignee = a.name
      AND t.status = 'review')::int AS in_review,
    c.number AS current_number, c.lease_expires_at AS current_lease
  FROM agents a
  LEFT JOIN LATERAL (
    SELECT t.number, t.lease_expires_at FROM tasks t
    WHERE t.project_id = a.project_id AND t.assignee = a.name AND t.status = 'in-progress'
      AND (t.lease_expires_at IS NULL OR t.lease_expires_at > $2::timestamptz)
    ORDER BY t.started_at DESC NULLS LAST LIMIT 1
  ) c ON true
  WHERE a.project_id = $1 AND ($3::text IS NULL OR a.name = $3)
  ORDER BY a.name`;

function toAgent(r: AgentWorkRow): Agent {
  return agentFromWork(
    { name: r.name, last_seen: r.last_seen.toISOString() },
    {
      in_progress: r.in_progress,
      in_review: r.in_review,
      current:
        r.current_number === null
          ? null
          : {
              task_number: formatTaskNumber(r.current_number),
              lease_expires_at: r.current_lease?.toISOString() ?? null,
            },
    },
  );
}

/** Every agent of the project, its status derived from its tasks. */
export async function readAgents(q: Query, projectId: string, now: string): Promise<Agent[]> {
  return (await q<AgentWorkRow>(WORK, [projectId, now, null])).map(toAgent);
}

export async function readAgent(q: Query, projectId: string, name: string, now: string): Promise<Agent> {
  const row = (await q<AgentWorkRow>(WORK, [projectId, now, name]))[0];
  if (!row) throw agentNotFound(name);
  return toAgent(row);
}
