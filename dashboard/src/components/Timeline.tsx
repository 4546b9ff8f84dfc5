import type { Event } from '../api.js';
import { ago, fullTime } from '../time.js';
import { InlineMarkdown } from './Markdown.js';

export const EVENT_LABELS: Record<string, string> = {
  'task.created': 'created',
  'task.updated': 'updated',
  'task.pickup': 'picked up',
  'task.heartbeat': 'heartbeat',
  'task.released': 'released',
  'task.lease_expired': 'lease expired',
  'task.done': 'sent to review',
  'task.approved': 'approved',
  'task.rejected': 'sent back',
  'task.cancelled': 'cancelled',
  'task.blocked': 'blocked',
  'task.unblocked': 'unblocked',
  'task.deps_met': 'dependencies met',
  'task.deps_unmet': 'dependencies unmet',
  'task.note': 'note',
  'doc.created': 'wrote doc',
  'doc.updated': 'updated doc',
  'project.created': 'created project',
  'project.updated': 'updated project',
};

export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}

function field(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The subject of an event in words: the task number or doc id and title it carries. */
export function eventSubject(e: Event): string {
  const p = e.payload;
  const number = text(field(p, 'task_number')) ?? text(field(p, 'id'));
  const title = text(field(p, 'title'));
  if (number && title) return `${number} ${title}`;
  return number ?? title ?? e.entity_id;
}

/** One line of detail from an event's payload (always shown as text). */
export function eventDetail(e: Event): string | undefined {
  const p = e.payload;
  const from = text(field(p, 'from'));
  const to = text(field(p, 'to'));
  const parts: string[] = [];
  if (from && to && from !== to) parts.push(`${from} → ${to}`);
  const reason = text(field(p, 'reason'));
  if (reason) parts.push(`reason: ${reason}`);
  const note = text(field(p, 'text'));
  if (note) parts.push(`“${note}”`);
  const fields = field(p, 'fields');
  if (e.type === 'task.updated' && Array.isArray(fields) && fields.length)
    parts.push(`fields: ${fields.filter((f) => f !== 'actor').join(', ')}`);
  const trigger = text(field(p, 'trigger'));
  if (trigger) parts.push(`after ${trigger}`);
  return parts.length ? parts.join(' · ') : undefined;
}

export function Timeline({ events, now }: { events: Event[]; now: number }) {
  if (events.length === 0) return <p class="muted">No events</p>;
  return (
    <ol class="timeline">
      {events.map((e) => {
        const detail = eventDetail(e);
        return (
          <li key={e.id} class={`tl-item tl-${e.type.replace(/\W/g, '-')}`}>
            <span class="tl-meta">
              <span class="tl-type">{eventLabel(e.type)}</span> by <strong>{e.actor}</strong>{' '}
              <time dateTime={e.created_at} title={fullTime(e.created_at)}>
                {ago(e.created_at, now)}
              </time>
            </span>
            {detail && <InlineMarkdown source={detail} class="tl-detail" />}
          </li>
        );
      })}
    </ol>
  );
}
