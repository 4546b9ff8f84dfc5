import { isAgentName } from '../../core/rules/agents.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface AgentRow {
  name: string;
  created_at: string;
  last_seen: string;
}

/** Agents come into being on first use of their name; every call refreshes `last_seen`. */
export function touchAgent(db: Db, name: string, now: string): void {
  if (!isAgentName(name)) return;
  stmt(
    db,
    'INSERT INTO agents (name, created_at, last_seen) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen',
  ).run(name, now, now);
}

/** Make an agent known (e.g. assigned by hand) without claiming it was seen. */
export function knowAgent(db: Db, name: string, now: string): void {
  if (!isAgentName(name)) return;
  stmt(db, 'INSERT OR IGNORE INTO agents (name, created_at, last_seen) VALUES (?, ?, ?)').run(name, now, now);
}

export interface AgentWorkRow extends AgentRow {
  in_progress: number;
  in_review: number;
  current_number: number | null;
  current_lease: string | null;
}

// Per agent: two counts over the covering (assignee, status) index and one walk down
// tasks_agent_current to the first live lease (migration 0008); the board's size does not enter.
// INDEXED BY: without statistics the planner may prefer tasks_status_order.
const WORK = `WITH w AS (
  SELECT a.name, a.created_at, a.last_seen,
    (SELECT count(*) FROM tasks t INDEXED BY tasks_assignee
      WHERE t.assignee = a.name AND t.status = 'in-progress') AS in_progress,
    (SELECT count(*) FROM tasks t INDEXED BY tasks_assignee
      WHERE t.assignee = a.name AND t.status = 'review') AS in_review,
    (SELECT t.number FROM tasks t INDEXED BY tasks_agent_current
      WHERE t.assignee = a.name AND t.status = 'in-progress' AND (t.lease_expires_at IS NULL OR t.lease_expires_at > @now)
      ORDER BY t.started_at DESC LIMIT 1) AS current_number
  FROM agents a WHERE @name IS NULL OR a.name = @name)
SELECT w.*, c.lease_expires_at AS current_lease FROM w LEFT JOIN tasks c ON c.number = w.current_number
ORDER BY w.name`;

/** Every agent (or the one named) with the counts and current task its status is derived from. */
export function agentWorkRows(db: Db, now: string, name: string | null = null): AgentWorkRow[] {
  return stmt<[{ now: string; name: string | null }], AgentWorkRow>(db, WORK).all({ now, name });
}
