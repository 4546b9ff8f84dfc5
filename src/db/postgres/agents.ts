import { agentNotFound, deriveAgent, isAgentName } from '../../core/rules/agents.js';
import type { Agent } from '../../core/types.js';
import { publicTask } from '../task-rows.js';
import { rowToState } from './task-rows.js';
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

interface AgentRow {
  name: string;
  last_seen: Date;
}

const ACTIVE = `SELECT * FROM tasks WHERE project_id = $1 AND assignee IS NOT NULL
  AND status IN ('in-progress', 'review')`;

/** Every agent of the project, its status derived from its tasks. */
export async function readAgents(q: Query, projectId: string, now: string): Promise<Agent[]> {
  const rows = await q<AgentRow>('SELECT name, last_seen FROM agents WHERE project_id = $1 ORDER BY name', [projectId]);
  const active = (await q(`${ACTIVE} ORDER BY started_at DESC NULLS LAST`, [projectId])).map((r) =>
    publicTask(rowToState(r)),
  );
  return rows.map((a) =>
    deriveAgent(
      { name: a.name, last_seen: a.last_seen.toISOString() },
      active.filter((t) => t.assignee === a.name),
      now,
    ),
  );
}

export async function readAgent(q: Query, projectId: string, name: string, now: string): Promise<Agent> {
  const row = (
    await q<AgentRow>('SELECT name, last_seen FROM agents WHERE project_id = $1 AND name = $2', [projectId, name])
  )[0];
  if (!row) throw agentNotFound(name);
  const tasks = await q(`${ACTIVE} AND assignee = $2 ORDER BY started_at DESC NULLS LAST`, [projectId, name]);
  return deriveAgent(
    { name: row.name, last_seen: row.last_seen.toISOString() },
    tasks.map((r) => publicTask(rowToState(r))),
    now,
  );
}
