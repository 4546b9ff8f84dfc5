import { isAgentName } from '../../core/rules/agents.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';
import type { TaskRow } from '../task-rows.js';

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

export function agentRows(db: Db): AgentRow[] {
  return stmt<[], AgentRow>(db, 'SELECT * FROM agents ORDER BY name').all();
}

export function agentRow(db: Db, name: string): AgentRow | undefined {
  return stmt<[string], AgentRow>(db, 'SELECT * FROM agents WHERE name = ?').get(name);
}

/** In-progress and review tasks per assignee, for deriving agent status. */
export function activeTasksByAgent(db: Db): TaskRow[] {
  return stmt<[], TaskRow>(
    db,
    "SELECT * FROM tasks WHERE assignee IS NOT NULL AND status IN ('in-progress','review') ORDER BY started_at DESC",
  ).all();
}

export function activeTasksOf(db: Db, name: string): TaskRow[] {
  return stmt<[string], TaskRow>(
    db,
    "SELECT * FROM tasks WHERE assignee = ? AND status IN ('in-progress','review') ORDER BY started_at DESC",
  ).all(name);
}
