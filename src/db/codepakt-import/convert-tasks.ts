import { addSeconds, iso } from '../../core/clock.js';
import { formatTaskNumber, parseTaskNumber } from '../../core/rules/numbering.js';
import { PRIORITIES, TASK_STATUSES, type Note, type Priority, type TaskStatus } from '../../core/types.js';
import type { TaskRow } from '../task-rows.js';
import type { ImportPlan, LegacyEvent, LegacyTask } from './legacy-rows.js';
import { legacyTime, oneOf, parseDetail, stringList, tagList } from './values.js';

/** Their task id → its number; a number that is unreadable or appears twice fails the migration. */
export function taskNumbers(tasks: readonly LegacyTask[]): Map<string, number> {
  const numberOf = new Map<string, number>();
  for (const t of tasks) {
    const n = parseTaskNumber(t.task_number);
    if (n === null) throw new Error(`task ${t.id} has an unreadable task number "${t.task_number}"`);
    if ([...numberOf.values()].includes(n)) throw new Error(`task number ${t.task_number} appears twice`);
    numberOf.set(t.id, n);
  }
  return numberOf;
}

export interface TaskInput {
  tasks: readonly LegacyTask[];
  events: readonly LegacyEvent[];
  /** Event types of `events`, from mapEventTypes. */
  types: readonly string[];
  numberOf: ReadonlyMap<string, number>;
  docIdByLegacy: ReadonlyMap<string, string>;
  now: Date;
  leaseSeconds: number;
}

export interface ConvertedTasks {
  tasks: TaskRow[];
  deps: ImportPlan['deps'];
  tags: ImportPlan['tags'];
  /** `T-005 → T-099`: dependencies on task numbers that do not exist, dropped. */
  dropped: string[];
}

export function convertTasks(input: TaskInput): ConvertedTasks {
  const { numberOf, now } = input;
  const nowIso = iso(now);
  const known = new Set(numberOf.values());
  const statusOf = new Map(
    input.tasks.map((t) => [numberOf.get(t.id) ?? 0, oneOf<TaskStatus>(TASK_STATUSES, t.status, 'open')]),
  );
  const completions = completionNotes(input.events, nowIso);
  const pickups = new Map<string, number>();
  input.events.forEach((e, i) => {
    if (input.types[i] === 'task.pickup' && e.task_id) pickups.set(e.task_id, (pickups.get(e.task_id) ?? 0) + 1);
  });

  const dropped: string[] = [];
  const deps: ImportPlan['deps'] = [];
  const tags: ImportPlan['tags'] = [];
  const tasks: TaskRow[] = input.tasks.map((t) => {
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
    const taskTags = tagList(t.tags);
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
      context_refs: JSON.stringify(stringList(t.context_refs).map((r) => input.docIdByLegacy.get(r) ?? r)),
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
      lease_expires_at: status === 'in-progress' ? iso(addSeconds(now, input.leaseSeconds)) : null,
      lease_seconds: null,
      created_at: created,
      updated_at: updated,
      started_at: t.started_at ? legacyTime(t.started_at, updated) : null,
      completed_at: t.completed_at ? legacyTime(t.completed_at, updated) : null,
    };
  });
  return { tasks, deps, tags, dropped };
}

interface Completion {
  agent: string | null;
  text: string;
  at: string;
  used: boolean;
}

/** Notes were plain strings; the completion event that carried the same text says who wrote it and when. */
function completionNotes(events: readonly LegacyEvent[], nowIso: string): Map<string, Completion[]> {
  const completions = new Map<string, Completion[]>();
  for (const e of events) {
    const notes = parseDetail(e.detail).notes;
    if (typeof notes !== 'string' || !e.task_id) continue;
    const list = completions.get(e.task_id) ?? [];
    list.push({ agent: e.agent ?? null, text: notes, at: legacyTime(e.created_at, nowIso), used: false });
    completions.set(e.task_id, list);
  }
  return completions;
}
