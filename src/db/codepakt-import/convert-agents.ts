import type { ImportPlan, LegacyProject, NewEventRow } from './legacy-rows.js';
import { legacyTime } from './values.js';

/** Every agent their agents table, the log or a task's assignee names, first and last seen; by name. */
export function collectAgents(
  legacy: LegacyProject,
  events: readonly NewEventRow[],
  nowIso: string,
): ImportPlan['agents'] {
  const seen = new Map<string, { created_at: string; last_seen: string }>();
  const see = (name: string | null | undefined, at: string) => {
    // `system` and `human` are how the log names people and the server, not agents on the board.
    if (!name || name === 'system' || name === 'human') return;
    const a = seen.get(name);
    if (!a) seen.set(name, { created_at: at, last_seen: at });
    else {
      if (at < a.created_at) a.created_at = at;
      if (at > a.last_seen) a.last_seen = at;
    }
  };
  for (const a of legacy.agents) see(a.name, legacyTime(a.last_seen, nowIso));
  for (const e of events) if (e.actor !== 'system') see(e.actor, e.created_at);
  // A task changes after its assignee leaves (approval, edits): it only names agents known nowhere else.
  for (const t of legacy.tasks)
    if (t.assignee && !seen.has(t.assignee)) see(t.assignee, legacyTime(t.started_at ?? t.updated_at, nowIso));
  return [...seen.entries()].map(([name, a]) => ({ name, ...a })).sort((x, y) => x.name.localeCompare(y.name));
}
