import type { ApiRequest } from './requests.js';

/** A `tools/call` result: one line of compact JSON, like the CLI prints. */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

type Obj = Record<string, unknown>;

/** How an agent is named to a transport, said when a call needs one and the connection names none. */
export interface AnswerOptions {
  agentHint: string;
}

/** The tool result of an API answer: the work, not the bookkeeping; an error envelope as a tool error. */
export function toolAnswer(request: ApiRequest, status: number, body: unknown, options: AnswerOptions): ToolResult {
  if (status >= 400) return errorAnswer(request, status, body, options);
  const data = (body as { data?: unknown } | null)?.data;
  return textResult(viewOf(request, data, body as Obj));
}

export function errorResult(error: string, message: string, details?: { path: string; message: string }[]): ToolResult {
  return { ...textResult(compact({ error, message, details })), isError: true };
}

function textResult(value: unknown): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

function errorAnswer(request: ApiRequest, status: number, body: unknown, options: AnswerOptions): ToolResult {
  const envelope = (body ?? {}) as { error?: unknown; message?: unknown; details?: unknown };
  if (typeof envelope.error !== 'string' || typeof envelope.message !== 'string')
    return errorResult(status >= 500 ? 'internal_error' : 'bad_response', `The server answered ${status}`);
  const renamed = request.renamed ?? {};
  const details = Array.isArray(envelope.details)
    ? (envelope.details as { path: string; message: string }[]).map((d) => ({
        path: renamed[d.path] ?? d.path,
        message: d.path === 'agent' && d.message.startsWith('Required') ? `Required: ${options.agentHint}` : d.message,
      }))
    : undefined;
  let message = envelope.message;
  for (const [from, to] of Object.entries(renamed)) message = message.replace(new RegExp(`\\b${from}:`, 'g'), `${to}:`);
  if (details?.some((d) => d.path === 'agent' && d.message.startsWith('Required')))
    message = `agent: Required: ${options.agentHint}`;
  return errorResult(envelope.error, message, details);
}

function viewOf(request: ApiRequest, data: unknown, body: Obj): unknown {
  switch (request.path) {
    case '/api/tasks/pickup':
    case '/api/tasks/{id}':
      return taskView(data as Obj);
    case '/api/tasks/{id}/notes':
    case '/api/tasks/{id}/block':
    case '/api/tasks/{id}/done':
      return ackView(data as Obj);
    case '/api/tasks':
      if (request.method === 'post') return ackView(data as Obj);
      return compact({ tasks: (data as Obj[]).map(rowView), next_cursor: body.next_cursor });
    case '/api/docs/search':
      return (data as Obj[]).map((d) => compact(pick(d, ['id', 'type', 'title', 'section', 'tags', 'snippet'])));
    case '/api/docs/{id}':
      return compact(pick(data as Obj, ['id', 'type', 'title', 'section', 'tags', 'author', 'updated_at', 'body']));
    case '/api/docs':
      return compact(pick(data as Obj, ['id', 'type', 'title']));
  }
}

/** A whole task, less what only the server needs (its uuid, project, client key, row times). */
function taskView(t: Obj): Obj {
  return compact({
    ...pick(t, [
      'task_number',
      'title',
      'description',
      'status',
      'priority',
      'assignee',
      'epic',
      'tags',
      'depends_on',
      'acceptance_criteria',
      'context_refs',
      'verify',
      'files',
      'notes',
      'blocker_reason',
      'lease_expires_at',
    ]),
    deps_met: t.deps_met === false ? false : undefined,
    pickups: typeof t.pickups === 'number' && t.pickups > 1 ? t.pickups : undefined,
  });
}

/** After a write: where the task stands now. */
function ackView(t: Obj): Obj {
  return compact(pick(t, ['task_number', 'status', 'assignee', 'blocker_reason', 'lease_expires_at']));
}

function rowView(t: Obj): Obj {
  return compact({
    ...pick(t, ['task_number', 'title', 'status', 'priority', 'assignee', 'epic', 'depends_on', 'blocker_reason']),
    deps_met: t.deps_met === false ? false : undefined,
  });
}

function pick(o: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** Null, empty and absent fields left out. */
function compact(o: Obj): Obj {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v != null && v !== '' && !(Array.isArray(v) && v.length === 0)),
  );
}
