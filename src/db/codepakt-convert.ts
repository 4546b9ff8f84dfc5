/**
 * Pure conversion of a codepakt 0.1/0.2 project (rows as their SQLite returns them) into our rows.
 * Nothing here touches a database: codepakt-import.ts reads, calls `convertLegacyProject`, writes.
 */
import { addSeconds, iso } from '../core/clock.js';
import { docCreatedPayload } from '../core/doc-rules.js';
import { formatDocNumber, formatTaskNumber, parseTaskNumber } from '../core/task-number.js';
import {
  DOC_TYPES,
  PRIORITIES,
  TASK_STATUSES,
  type DocType,
  type Note,
  type Priority,
  type TaskStatus,
} from '../core/types.js';
import { rowToDoc, type DocRow } from './docs.js';
import type { TaskRow } from './task-rows.js';

import type { ImportPlan, LegacyEvent, LegacyProject, MigrationReport, NewEventRow } from './codepakt-rows.js';

export type * from './codepakt-rows.js';

/** codepakt's `YYYY-MM-DD HH:MM:SS` (UTC, from SQLite's datetime('now')) → ISO 8601 with milliseconds. */
export function legacyTime(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}${m[4] ?? 'Z'}`) : Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/** A JSON array of strings, tolerating NULL, bad JSON and non-string items. */
export function stringList(value: string | null | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((x) =>
      typeof x === 'string' ? [x] : x === null || x === undefined ? [] : [JSON.stringify(x)],
    );
  } catch {
    return [];
  }
}

function parseDetail(detail: string | null | undefined): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { detail: parsed };
  } catch {
    return { detail };
  }
}

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

const ACTION_TYPES: Record<string, string> = {
  task_created: 'task.created',
  task_pickup: 'task.pickup',
  task_complete: 'task.done',
  task_approved: 'task.approved',
  task_blocked: 'task.blocked',
  task_unblocked: 'task.unblocked',
  deps_met: 'task.deps_met',
};

/**
 * Event types in order. codepakt 0.1.0–0.1.1 wrote `task_done` both for an agent completing a task
 * (→ review) and for its approval (→ done); replaying each task's events tells them apart: a
 * `task_done` on a task already in review is the approval.
 */
const STATE_AFTER: Record<string, string> = {
  'task.pickup': 'in-progress',
  'task.done': 'review',
  'task.approved': 'done',
  'task.blocked': 'blocked',
  'task.unblocked': 'open',
};

export function mapEventTypes(events: LegacyEvent[]): string[] {
  const state = new Map<string, string>();
  return events.map((e) => {
    const key = e.task_id ?? '';
    let type = ACTION_TYPES[e.action];
    if (e.action === 'task_done') type = state.get(key) === 'review' ? 'task.approved' : 'task.done';
    type ??= `legacy.${e.action.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const after = STATE_AFTER[type];
    if (after) state.set(key, after);
    return type;
  });
}

export function convertLegacyProject(legacy: LegacyProject, now: Date, leaseSeconds: number): ImportPlan {
  const nowIso = iso(now);
  const dropped: string[] = [];

  // Docs first: tasks' context_refs may name a doc by its old uuid, which becomes its D- id.
  const docs: DocRow[] = legacy.docs.map((d, i) => {
    const created = legacyTime(d.created_at, nowIso);
    return {
      id: formatDocNumber(i + 1),
      number: i + 1,
      type: oneOf<DocType>(DOC_TYPES, d.type, 'reference'),
      title: (d.title ?? '').trim() || `Untitled doc ${i + 1}`,
      body: d.body ?? '',
      section: d.section ?? null,
      tags: JSON.stringify([
        ...new Set(
          stringList(d.tags)
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ]),
      author: d.author ?? null,
      created_at: created,
      updated_at: legacyTime(d.updated_at, created),
    };
  });
  const docIdByLegacy = new Map(legacy.docs.map((d, i) => [d.id, formatDocNumber(i + 1)]));

  const types = mapEventTypes(legacy.events);
  const numberOf = new Map<string, number>();
  for (const t of legacy.tasks) {
    const n = parseTaskNumber(t.task_number);
    if (n === null) throw new Error(`task ${t.id} has an unreadable task number "${t.task_number}"`);
    if ([...numberOf.values()].includes(n)) throw new Error(`task number ${t.task_number} appears twice`);
    numberOf.set(t.id, n);
  }
  const known = new Set(numberOf.values());
  const statusOf = new Map(
    legacy.tasks.map((t) => [numberOf.get(t.id) ?? 0, oneOf<TaskStatus>(TASK_STATUSES, t.status, 'open')]),
  );

  // Notes were plain strings; the completion event that carried the same text says who wrote it and when.
  const completions = new Map<string, { agent: string | null; text: string; at: string; used: boolean }[]>();
  legacy.events.forEach((e) => {
    const notes = parseDetail(e.detail).notes;
    if (typeof notes !== 'string' || !e.task_id) return;
    const list = completions.get(e.task_id) ?? [];
    list.push({ agent: e.agent ?? null, text: notes, at: legacyTime(e.created_at, nowIso), used: false });
    completions.set(e.task_id, list);
  });
  const pickups = new Map<string, number>();
  legacy.events.forEach((e, i) => {
    if (types[i] === 'task.pickup' && e.task_id) pickups.set(e.task_id, (pickups.get(e.task_id) ?? 0) + 1);
  });

  const deps: ImportPlan['deps'] = [];
  const tags: ImportPlan['tags'] = [];
  const tasks: TaskRow[] = legacy.tasks.map((t) => {
    const number = numberOf.get(t.id) ?? 0;
    const status = statusOf.get(number) ?? 'open';
    const created = legacyTime(t.created_at, nowIso);
    const updated = legacyTime(t.updated_at, created);
    const dependsOn: number[] = [];
    for (const ref of stringList(t.depends_on)) {
      const n = parseTaskNumber(ref);
      if (n !== null && known.has(n) && n !== number) {
        if (!dependsOn.includes(n)) dependsOn.push(n);
      } else dropped.push(`${formatTaskNumber(number)} → ${ref}`);
    }
    const taskTags = [
      ...new Set(
        stringList(t.tags)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    deps.push({ task: number, dependsOn });
    tags.push({ task: number, tags: taskTags });
    const notes: Note[] = stringList(t.notes).map((text) => {
      const match = completions.get(t.id)?.find((c) => !c.used && c.text === text);
      if (match) match.used = true;
      return { author: match?.agent ?? t.assignee ?? 'unknown', text, created_at: match?.at ?? updated };
    });
    const depsMet = dependsOn.every((n) => ['review', 'done'].includes(statusOf.get(n) ?? ''));
    return {
      id: t.id,
      number,
      title: (t.title ?? '').trim() || `Untitled task ${formatTaskNumber(number)}`,
      description: t.description ?? '',
      status,
      priority: oneOf<Priority>(PRIORITIES, t.priority, 'P1'),
      assignee: t.assignee ?? null,
      epic: t.epic ?? null,
      tags: JSON.stringify(taskTags),
      capabilities: JSON.stringify(stringList(t.capabilities)),
      depends_on: JSON.stringify(dependsOn),
      acceptance_criteria: JSON.stringify(stringList(t.acceptance_criteria)),
      context_refs: JSON.stringify(stringList(t.context_refs).map((r) => docIdByLegacy.get(r) ?? r)),
      verify: t.verify ?? null,
      notes: JSON.stringify(notes),
      deps_met: depsMet ? 1 : 0,
      blocker_reason: t.blocker_reason ?? null,
      // Attempts count pickups under leases, which codepakt did not have: a task still in play starts
      // afresh (the one holding it has its first lease); finished work keeps its history.
      attempts:
        status === 'in-progress'
          ? 1
          : status === 'review' || status === 'done'
            ? Math.max(pickups.get(t.id) ?? 0, t.started_at ? 1 : 0)
            : 0,
      // A claimed task gets a whole lease from now, so the migration does not expire it on the spot.
      lease_expires_at: status === 'in-progress' ? iso(addSeconds(now, leaseSeconds)) : null,
      lease_seconds: null,
      created_at: created,
      updated_at: updated,
      started_at: t.started_at ? legacyTime(t.started_at, updated) : null,
      completed_at: t.completed_at ? legacyTime(t.completed_at, updated) : null,
    };
  });

  const taskEvents: NewEventRow[] = legacy.events.map((e, i) => {
    const detail = parseDetail(e.detail);
    const number = e.task_id ? numberOf.get(e.task_id) : undefined;
    const taskNumber =
      typeof detail.task_number === 'string'
        ? detail.task_number
        : number !== undefined
          ? formatTaskNumber(number)
          : undefined;
    return {
      type: types[i] ?? `legacy.${e.action}`,
      entity_id: e.task_id ?? legacy.projectId,
      actor: e.agent || 'system',
      payload: taskNumber === undefined ? detail : { ...detail, task_number: taskNumber },
      created_at: legacyTime(e.created_at, nowIso),
    };
  });
  // codepakt did not log doc writes; each migrated doc gets its creation event, naming its old id.
  const docEvents: NewEventRow[] = docs.map((d, i) => ({
    type: 'doc.created',
    entity_id: d.id,
    actor: d.author ?? 'system',
    payload: { ...docCreatedPayload(rowToDoc(d)), legacy_id: legacy.docs[i]?.id },
    created_at: d.created_at,
  }));
  const history = mergeByTime(docEvents, taskEvents);

  const agents = collectAgents(legacy, taskEvents, nowIso);
  const times = [
    ...tasks.map((t) => t.created_at),
    ...docs.map((d) => d.created_at),
    ...history.map((e) => e.created_at),
  ].sort();
  const identity = { id: legacy.projectId, name: legacy.projectName, created_at: times[0] ?? nowIso };

  const lastUsed = Math.max(
    0,
    ...tasks.map((t) => t.number),
    Number.parseInt(legacy.nextTaskNumber ?? '', 10) - 1 || 0,
  );
  const report: MigrationReport = {
    from_schema_version: legacy.schemaVersion,
    project_id: legacy.projectId,
    tasks: tasks.length,
    docs: docs.length,
    events: legacy.events.length,
    agents: agents.length,
    other_project_rows: legacy.otherProjectRows,
    dropped_dependencies: dropped,
  };
  const events: NewEventRow[] = [
    {
      type: 'project.created',
      entity_id: identity.id,
      actor: 'system',
      payload: { ...identity, migrated_from: `codepakt schema ${legacy.schemaVersion}` },
      created_at: identity.created_at,
    },
    ...history,
    { type: 'project.migrated', entity_id: identity.id, actor: 'system', payload: report, created_at: nowIso },
  ];
  return {
    identity,
    tasks,
    deps,
    tags,
    docs,
    agents,
    events,
    lastTaskNumber: lastUsed,
    lastDocNumber: docs.length,
    report,
  };
}

/** Stable merge of two time-ordered lists; at equal times `first` goes first. */
function mergeByTime(first: NewEventRow[], second: NewEventRow[]): NewEventRow[] {
  const out: NewEventRow[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (a && (!b || a.created_at <= b.created_at)) {
      out.push(a);
      i++;
    } else if (b) {
      out.push(b);
      j++;
    }
  }
  return out;
}

function collectAgents(legacy: LegacyProject, events: NewEventRow[], nowIso: string): ImportPlan['agents'] {
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
