import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { components } from '../../../generated/api.js';
import { act, durationOption, intOption, type CommandContext } from '../command.js';
import { call, optionalAgent, projectContext, requireAgent, silenceMs } from '../context.js';
import { CliError, EXIT } from '../output.js';
import { pickupView, rowView, taskTable, taskText } from '../task-views.js';
import { referencedDocs } from './docs.js';

type NewTask = components['schemas']['NewTask'];
type TaskPatch = components['schemas']['TaskPatch'];
type Task = components['schemas']['Task'];

const collect = (value: string, previous: string[] = []) => [...previous, value];
const commaList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const PRIORITIES = ['P0', 'P1', 'P2'];
const STATUSES = ['backlog', 'open', 'in-progress', 'review', 'done', 'blocked'];
const BATCH_KEYS = ['title', 'description', 'priority', 'epic', 'tags', 'capabilities', 'depends_on', 'acceptance_criteria', 'context_refs', 'verify', 'status'];

function priority(value: string | undefined): NewTask['priority'] {
  if (value === undefined) return undefined;
  const p = value.toUpperCase();
  if (!PRIORITIES.includes(p)) throw new CliError(EXIT.usage, 'invalid_option', `--priority must be P0, P1 or P2, got "${value}"`);
  return p as NewTask['priority'];
}

function status<T extends string>(value: string | undefined, allowed: readonly string[], flag = '--status'): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw new CliError(EXIT.usage, 'invalid_option', `${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Read a --batch file: a JSON array of snake_case task objects; unknown keys are named. */
export function readBatch(file: string, cwd: string): NewTask[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new CliError(EXIT.usage, 'batch_unreadable', `Cannot read --batch file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(EXIT.usage, 'batch_invalid', `--batch file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new CliError(EXIT.usage, 'batch_invalid', `--batch file ${file} must hold a non-empty JSON array of tasks`);
  parsed.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new CliError(EXIT.usage, 'batch_invalid', `--batch item [${i}] must be an object`);
    const unknown = Object.keys(item).filter((k) => !BATCH_KEYS.includes(k));
    if (unknown.length) throw new CliError(EXIT.usage, 'batch_invalid', `--batch item [${i}] has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${BATCH_KEYS.join(', ')})`);
  });
  return parsed as NewTask[];
}

/** Flags shared by `task add` and `task update`, with the help text each command gives them. */
const FIELD_FLAGS: [flags: string, add: string, update: string, repeatable?: boolean][] = [
  ['-t, --title <title>', 'task title (1–200 characters)', 'new title'],
  ['-d, --description <text>', 'what to do, in markdown', 'new description'],
  ['-p, --priority <P0|P1|P2>', 'priority (default P1)', 'new priority'],
  ['-e, --epic <epic>', 'epic the task belongs to', 'new epic ("" clears it)'],
  ['--tags <a,b>', 'comma-separated tags', 'replace the tags'],
  ['--capabilities <a,b>', 'comma-separated capabilities (informational)', 'replace the capabilities'],
  ['--depends-on <T-001,T-002>', 'task numbers this task waits for (until they reach review)', 'replace the dependencies ("" clears them)'],
  ['--verify <command>', 'shell command that checks the work (stored, never run by the server)', 'new verify command'],
  ['--acceptance-criteria <text>', 'an acceptance criterion (repeatable)', 'replace the acceptance criteria (repeatable)', true],
  ['--context-refs <ref>', 'a doc id, file or URL to read first (repeatable)', 'replace the context refs (repeatable)', true],
];

function fieldOptions(cmd: Command, which: 'add' | 'update'): Command {
  for (const [flags, add, update, repeatable] of FIELD_FLAGS) {
    if (repeatable) cmd.option(flags, which === 'add' ? add : update, collect);
    else cmd.option(flags, which === 'add' ? add : update);
  }
  return cmd;
}

/** The body fields both commands build the same way from their flags. */
function fieldsFromOptions(opts: AddOptions) {
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
  };
}

interface AddOptions {
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
  status?: string;
  batch?: string;
  agent?: string;
}

export function registerTaskCommands(program: Command, ctx: CommandContext): void {
  const task = program.command('task').description('Create, claim, complete and inspect tasks');
  const project = () => projectContext(ctx.rt);

  fieldOptions(task.command('add').description('Add a task (or many with --batch file.json)'), 'add')
    .option('-s, --status <open|backlog>', 'initial status (default open; backlog while dependencies are unmet)')
    .option('--batch <file>', 'JSON array of snake_case task objects, created in one transaction')
    .option('-a, --agent <name>', 'who adds the task (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (opts: AddOptions) => {
        const p = project();
        const actor = optionalAgent(ctx.rt, opts.agent);
        if (opts.batch !== undefined) {
          if (opts.title !== undefined) throw new CliError(EXIT.usage, 'usage', 'Use either --batch or --title, not both');
          const body = readBatch(opts.batch, ctx.rt.cwd);
          const res = await call(p.api.POST('/api/tasks', { params: { query: { project_id: p.projectId, actor } }, body }), p.url);
          const tasks = (Array.isArray(res.data) ? res.data : [res.data]) as Task[];
          return { value: { created: tasks.length, tasks: tasks.map((t) => ({ task_number: t.task_number, title: t.title, status: t.status })) }, human: () => taskTable(tasks) };
        }
        if (!opts.title) throw new CliError(EXIT.usage, 'usage', 'task add needs --title (or --batch file.json)');
        const body: NewTask = { ...fieldsFromOptions(opts), title: opts.title, status: status<'open' | 'backlog'>(opts.status, ['open', 'backlog']) };
        const res = await call(p.api.POST('/api/tasks', { params: { query: { project_id: p.projectId, actor } }, body }), p.url);
        const t = res.data as Task;
        return { value: { id: t.id, task_number: t.task_number, title: t.title, status: t.status, priority: t.priority, depends_on: t.depends_on }, human: () => taskText(t) };
      }),
    );

  task
    .command('list')
    .description('List tasks in board order (P0 first, then oldest)')
    .option('-s, --status <status>', `filter by status (comma-separated: ${STATUSES.join(', ')})`)
    .option('--assignee <agent>', 'filter by assignee')
    .option('-e, --epic <epic>', 'filter by epic')
    .option('--tag <tag>', 'filter by tag')
    .option('--limit <n>', 'page size (1–1000)', '100')
    .option('--cursor <cursor>', 'continue after a previous page')
    .action(
      act(ctx, async (opts: { status?: string; assignee?: string; epic?: string; tag?: string; limit: string; cursor?: string }) => {
        const p = project();
        if (opts.status) commaList(opts.status).forEach((s) => status(s, STATUSES));
        const res = await call(
          p.api.GET('/api/tasks', {
            params: { query: { project_id: p.projectId, status: opts.status, assignee: opts.assignee, epic: opts.epic, tag: opts.tag, limit: intOption('--limit', opts.limit, 1, 1000), cursor: opts.cursor } },
          }),
          p.url,
        );
        if (res.next_cursor) ctx.rt.io.err(`note: more tasks; continue with --cursor ${res.next_cursor}\n`);
        return { value: res.data.map(rowView), human: () => taskTable(res.data) };
      }),
    );

  task
    .command('show')
    .description('Show every field of a task')
    .argument('<id>', 'task number (T-001) or id')
    .action(
      act(ctx, async (id: string) => {
        const p = project();
        const res = await call(p.api.GET('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } } }), p.url);
        // The titles of the knowledge-base docs the task points at, so an agent knows what to read.
        const context_docs = await referencedDocs(p.api, p.url, p.projectId, res.data.context_refs);
        const docsText = context_docs.length ? `\n\nDocs to read:\n${context_docs.map((d) => `  ${d.id}  ${d.title}`).join('\n')}` : '';
        return { value: { ...res.data, context_docs }, human: () => taskText(res.data) + docsText };
      }),
    );

  task
    .command('mine')
    .description('Your in-progress and review tasks')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .action(
      act(ctx, async (opts: { agent?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const p = project();
        const res = await call(p.api.GET('/api/tasks/mine', { params: { query: { project_id: p.projectId, agent } } }), p.url);
        return { value: res.data.map(rowView), human: () => taskTable(res.data) };
      }),
    );

  task
    .command('pickup')
    .description('Claim the next task (highest priority, dependencies met, oldest first); exit 4 when none')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .option('--id <task>', 'claim this task, or fail saying why')
    .option('--lease <duration>', 'lease for this pickup: 90s, 45m, 2h (default: project setting)')
    .option('--wait <seconds>', 'wait up to this many seconds (max 300) for a task to become available')
    .action(
      act(ctx, async (opts: { agent?: string; id?: string; lease?: string; wait?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const lease_seconds = durationOption('--lease', opts.lease);
        const wait = intOption('--wait', opts.wait, 0, 300);
        const p = projectContext(ctx.rt, silenceMs(ctx.rt) + (wait ?? 0) * 1000);
        const res = await call(
          p.api.POST('/api/tasks/pickup', { params: { query: { project_id: p.projectId, task_id: opts.id, wait } }, body: { agent, lease_seconds } }),
          p.url,
        );
        return { value: pickupView(res.data), human: () => taskText(res.data) };
      }),
    );

  task
    .command('done')
    .description('Report your task done (→ review); on a review task, approve it (→ done)')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .option('--notes <text>', 'what was done, how it was verified')
    .option('--force', 'complete a task held by another agent')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; notes?: string; force?: boolean }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const p = project();
        const res = await call(
          p.api.POST('/api/tasks/{id}/done', { params: { path: { id }, query: { project_id: p.projectId } }, body: { agent, notes: opts.notes, force: opts.force } }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );

  task
    .command('block')
    .description('Block a task, with the reason')
    .argument('<id>', 'task number or id')
    .option('-r, --reason <text>', 'why it is blocked (required)')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .action(
      act(ctx, async (id: string, opts: { reason?: string; agent?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        if (!opts.reason || !opts.reason.trim()) throw new CliError(EXIT.usage, 'usage', 'task block needs --reason "<why>"');
        const p = project();
        const res = await call(
          p.api.POST('/api/tasks/{id}/block', { params: { path: { id }, query: { project_id: p.projectId } }, body: { reason: opts.reason, agent } }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} blocked: ${res.data.blocker_reason ?? ''}` };
      }),
    );

  task
    .command('unblock')
    .description('Unblock a task (→ open); clears the reason and the assignee')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'who unblocks (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, opts: { agent?: string }) => {
        const p = project();
        const agent = optionalAgent(ctx.rt, opts.agent);
        const res = await call(
          p.api.POST('/api/tasks/{id}/unblock', { params: { path: { id }, query: { project_id: p.projectId } }, body: agent ? { agent } : {} }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );

  task
    .command('release')
    .description('Give your in-progress task back to the board (→ open)')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .option('--force', 'release a task held by another agent')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; force?: boolean }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const p = project();
        const res = await call(
          p.api.POST('/api/tasks/{id}/release', { params: { path: { id }, query: { project_id: p.projectId } }, body: { agent, force: opts.force } }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );

  task
    .command('heartbeat')
    .description('Extend your lease on an in-progress task')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .option('--lease <duration>', 'new lease from now: 90s, 45m, 2h (default: project setting)')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; lease?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const lease_seconds = durationOption('--lease', opts.lease);
        const p = project();
        const res = await call(
          p.api.POST('/api/tasks/{id}/heartbeat', { params: { path: { id }, query: { project_id: p.projectId } }, body: { agent, lease_seconds } }),
          p.url,
        );
        return { value: { task_number: res.data.task_number, lease_expires_at: res.data.lease_expires_at } };
      }),
    );

  task
    .command('note')
    .description('Append a note to a task')
    .argument('<id>', 'task number or id')
    .argument('<text...>', 'the note')
    .option('-a, --agent <name>', 'author (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, words: string[], opts: { agent?: string }) => {
        const p = project();
        const author = optionalAgent(ctx.rt, opts.agent);
        const res = await call(
          p.api.POST('/api/tasks/{id}/notes', { params: { path: { id }, query: { project_id: p.projectId } }, body: { text: words.join(' '), author } }),
          p.url,
        );
        return { value: { task_number: res.data.task_number, notes: res.data.notes.length } };
      }),
    );

  fieldOptions(task.command('update').description('Change any field of a task, including its status (the human override)').argument('<id>', 'task number or id'), 'update')
    .option('-s, --status <status>', `set any status: ${STATUSES.join(', ')}`)
    .option('--assignee <agent>', 'set the assignee ("" clears it)')
    .option('-a, --agent <name>', 'who makes the change (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, opts: AddOptions & { assignee?: string }) => {
        const p = project();
        const body: TaskPatch = {
          ...fieldsFromOptions(opts),
          title: opts.title,
          epic: opts.epic === undefined ? undefined : opts.epic === '' ? null : opts.epic,
          status: status<NonNullable<TaskPatch['status']>>(opts.status, STATUSES),
          assignee: opts.assignee === undefined ? undefined : opts.assignee === '' ? null : opts.assignee,
          actor: optionalAgent(ctx.rt, opts.agent),
        };
        if (Object.entries(body).every(([k, v]) => v === undefined || k === 'actor')) throw new CliError(EXIT.usage, 'usage', 'task update needs at least one field to change (see cpk task update --help)');
        const res = await call(p.api.PATCH('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } }, body }), p.url);
        return { value: res.data, human: () => taskText(res.data) };
      }),
    );
}

function brief(t: Task): Record<string, unknown> {
  return { task_number: t.task_number, status: t.status, assignee: t.assignee, blocker_reason: t.blocker_reason, deps_met: t.deps_met ? undefined : false };
}
