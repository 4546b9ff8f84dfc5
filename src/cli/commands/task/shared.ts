import type { Command } from 'commander';
import type { components } from '../../../../generated/api.js';
import { CliError, EXIT } from '../../output.js';

export type NewTask = components['schemas']['NewTask'];
export type TaskPatch = components['schemas']['TaskPatch'];
export type Task = components['schemas']['Task'];

export const commaList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const PRIORITIES = ['P0', 'P1', 'P2'];
export const STATUSES = ['backlog', 'open', 'in-progress', 'review', 'done', 'blocked', 'cancelled'];

export function priority(value: string | undefined): NewTask['priority'] {
  if (value === undefined) return undefined;
  const p = value.toUpperCase();
  if (!PRIORITIES.includes(p))
    throw new CliError(EXIT.usage, 'invalid_option', `--priority must be P0, P1 or P2, got "${value}"`);
  return p as NewTask['priority'];
}

export function status<T extends string>(
  value: string | undefined,
  allowed: readonly string[],
  flag = '--status',
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value))
    throw new CliError(EXIT.usage, 'invalid_option', `${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Flags shared by `task add` and `task update`, with the help text each command gives them. */
const FIELD_FLAGS: [flags: string, add: string, update: string][] = [
  ['-t, --title <title>', 'task title (1–200 characters)', 'new title'],
  ['-d, --description <text>', 'what to do, in markdown', 'new description'],
  ['-p, --priority <P0|P1|P2>', 'priority (default P1)', 'new priority'],
  ['-e, --epic <epic>', 'epic the task belongs to', 'new epic ("" clears it)'],
  ['--tags <a,b>', 'comma-separated tags', 'replace the tags'],
  ['--capabilities <a,b>', 'comma-separated capabilities (informational)', 'replace the capabilities'],
  [
    '--depends-on <T-001,T-002>',
    'task numbers this task waits for (until they reach review)',
    'replace the dependencies ("" clears them)',
  ],
  ['--verify <command>', 'shell command that checks the work (stored, never run by the server)', 'new verify command'],
  // Variadic as in codepakt 0.2 (`--acceptance-criteria a b`), and repeatable: the values add up.
  [
    '--acceptance-criteria <text...>',
    'acceptance criteria, one argument each',
    'replace the acceptance criteria, one argument each',
  ],
  ['--context-refs <ref...>', 'doc ids, files or URLs to read first', 'replace the context refs'],
  [
    '--files <glob...>',
    'files the task touches, as path globs (src/api/**); a pickup reserves them (docs/files.md)',
    'replace the files ("" clears them)',
  ],
];

export function fieldOptions(cmd: Command, which: 'add' | 'update'): Command {
  for (const [flags, add, update] of FIELD_FLAGS) cmd.option(flags, which === 'add' ? add : update);
  return cmd;
}

export interface FieldOptions {
  title?: string;
  description?: string;
  priority?: string;
  epic?: string;
  tags?: string;
  capabilities?: string;
  dependsOn?: string;
  verify?: string;
  acceptanceCriteria?: string[];
  contextRefs?: string[];
  files?: string[];
  status?: string;
  agent?: string;
}

/** The body fields `task add` and `task update` build the same way from their flags. */
export function fieldsFromOptions(opts: FieldOptions) {
  return {
    description: opts.description,
    priority: priority(opts.priority),
    epic: opts.epic,
    tags: opts.tags !== undefined ? commaList(opts.tags) : undefined,
    capabilities: opts.capabilities !== undefined ? commaList(opts.capabilities) : undefined,
    depends_on: opts.dependsOn !== undefined ? commaList(opts.dependsOn) : undefined,
    verify: opts.verify,
    acceptance_criteria: opts.acceptanceCriteria,
    context_refs: opts.contextRefs,
    files: opts.files?.filter((f) => f !== ''),
  };
}

/** The short answer of a state change. */
export function brief(t: Task): Record<string, unknown> {
  return {
    task_number: t.task_number,
    status: t.status,
    assignee: t.assignee,
    blocker_reason: t.blocker_reason,
    deps_met: t.deps_met ? undefined : false,
  };
}
