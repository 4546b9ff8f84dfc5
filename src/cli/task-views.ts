import type { components } from '../../generated/api.js';
import { relativeTime, table } from './output.js';

type Task = components['schemas']['Task'];

/** What an agent needs after a pickup: the work, not the bookkeeping (keeps the line short). */
export function pickupView(t: Task): Record<string, unknown> {
  return {
    task_number: t.task_number,
    title: t.title,
    description: t.description,
    priority: t.priority,
    epic: t.epic,
    tags: t.tags,
    depends_on: t.depends_on,
    acceptance_criteria: t.acceptance_criteria,
    context_refs: t.context_refs,
    verify: t.verify,
    files: t.files,
    notes: t.notes,
    attempts: t.attempts > 1 ? t.attempts : undefined,
    lease_expires_at: t.lease_expires_at,
  };
}

/** One row of a task list. */
export function rowView(t: Task): Record<string, unknown> {
  return {
    task_number: t.task_number,
    title: t.title,
    status: t.status,
    priority: t.priority,
    assignee: t.assignee,
    epic: t.epic,
    tags: t.tags,
    depends_on: t.depends_on,
    deps_met: t.deps_met ? undefined : false,
    blocker_reason: t.blocker_reason,
    lease_expires_at: t.status === 'in-progress' ? t.lease_expires_at : undefined,
  };
}

export function taskTable(tasks: Task[]): string {
  if (tasks.length === 0) return '(no tasks)';
  return table(
    tasks.map((t) => ({
      number: t.task_number,
      status: t.status,
      pri: t.priority,
      assignee: t.assignee ?? '',
      epic: t.epic ?? '',
      title: t.title,
    })),
    ['number', 'status', 'pri', 'assignee', 'epic', 'title'],
  );
}

export function taskText(t: Task): string {
  const lines = [
    `${t.task_number}  ${t.title}`,
    `status ${t.status}  priority ${t.priority}${t.assignee ? `  assignee ${t.assignee}` : ''}${t.epic ? `  epic ${t.epic}` : ''}`,
  ];
  if (t.lease_expires_at && t.status === 'in-progress')
    lines.push(`lease ends ${relativeTime(t.lease_expires_at)} (${t.lease_expires_at})`);
  if (t.depends_on.length) lines.push(`depends on ${t.depends_on.join(', ')}${t.deps_met ? ' (met)' : ' (waiting)'}`);
  if (t.tags.length) lines.push(`tags ${t.tags.join(', ')}`);
  if (t.blocker_reason) lines.push(`blocked: ${t.blocker_reason}`);
  if (t.description) lines.push('', t.description);
  if (t.acceptance_criteria.length)
    lines.push('', 'Acceptance criteria:', ...t.acceptance_criteria.map((a) => `  - ${a}`));
  if (t.files.length) lines.push('', `Files: ${t.files.join(', ')}`);
  if (t.verify) lines.push('', `Verify: ${t.verify}`);
  if (t.verify_result) lines.push(...verifyResultText(t.verify_result));
  if (t.context_refs.length) lines.push('', `Context: ${t.context_refs.join(', ')}`);
  if (t.notes.length)
    lines.push('', 'Notes:', ...t.notes.map((n) => `  [${relativeTime(n.created_at)}] ${n.author}: ${n.text}`));
  return lines.join('\n');
}

/** The verify run recorded with the last done: outcome, exit code, time, and the output's last lines. */
export function verifyResultText(v: NonNullable<Task['verify_result']>): string[] {
  const head =
    v.status === 'skipped'
      ? `Verify skipped (--no-verify) by ${v.by} ${relativeTime(v.recorded_at)}`
      : `Verify ${v.status.replace('_', ' ')}${v.exit_code !== null ? ` (exit ${v.exit_code})` : ''}${v.duration_ms !== null ? ` in ${(v.duration_ms / 1000).toFixed(1)} s` : ''}, by ${v.by} ${relativeTime(v.recorded_at)}`;
  const tail = v.output_tail.trimEnd().split('\n').slice(-10);
  return [head, ...(v.output_tail.trim() ? tail.map((l) => `  | ${l}`) : [])];
}
