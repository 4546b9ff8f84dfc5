import { docCreatedPayload } from '../../core/doc-rules.js';
import { formatTaskNumber } from '../../core/rules/numbering.js';
import { rowToDoc, type DocRow } from '../sqlite/doc-queries.js';
import type { LegacyDoc, LegacyEvent, NewEventRow } from './legacy-rows.js';
import { legacyTime, parseDetail } from './values.js';

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

export function mapEventTypes(events: readonly LegacyEvent[]): string[] {
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

/** Their log, one event each, in order; `types` from mapEventTypes, task numbers added to the payloads. */
export function convertTaskEvents(
  events: readonly LegacyEvent[],
  types: readonly string[],
  numberOf: ReadonlyMap<string, number>,
  projectId: string,
  nowIso: string,
): NewEventRow[] {
  return events.map((e, i) => {
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
      entity_id: e.task_id ?? projectId,
      actor: e.agent || 'system',
      payload: taskNumber === undefined ? detail : { ...detail, task_number: taskNumber },
      created_at: legacyTime(e.created_at, nowIso),
    };
  });
}

/** codepakt did not log doc writes; each migrated doc gets its creation event, naming its old id. */
export function docCreatedEvents(docs: readonly DocRow[], legacy: readonly LegacyDoc[]): NewEventRow[] {
  return docs.map((d, i) => ({
    type: 'doc.created',
    entity_id: d.id,
    actor: d.author ?? 'system',
    payload: { ...docCreatedPayload(rowToDoc(d)), legacy_id: legacy[i]?.id },
    created_at: d.created_at,
  }));
}

/** Stable merge of two time-ordered lists; at equal times `first` goes first. */
export function mergeByTime(first: readonly NewEventRow[], second: readonly NewEventRow[]): NewEventRow[] {
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
