import { MCP_MAX_WAIT_SECONDS, TOOLS, type ToolName } from './tools.js';

/** Who a connection acts for: its project, and the agent it names (else the agent its token is bound to). */
export interface Connection {
  projectId: string;
  agent?: string | undefined;
}

type Query = Record<string, string | number | undefined>;

/** The API call a tool call becomes; `path` is the contract's template, `{id}` filled from `pathParams`. */
export interface ApiRequest {
  method: 'get' | 'post';
  path:
    | '/api/tasks'
    | '/api/tasks/pickup'
    | '/api/tasks/{id}'
    | '/api/tasks/{id}/notes'
    | '/api/tasks/{id}/block'
    | '/api/tasks/{id}/done'
    | '/api/docs'
    | '/api/docs/search'
    | '/api/docs/{id}';
  pathParams?: { id: string };
  query: Query;
  body?: Record<string, unknown>;
  /** Route fields named otherwise by the tool (`reason` is note's `text`), for the errors the route answers. */
  renamed?: Record<string, string>;
}

/** A tool call refused before it reaches the API, in the API's own error envelope. */
export class ToolInputError extends Error {
  readonly details: { path: string; message: string }[];
  constructor(details: { path: string; message: string }[]) {
    super(details.map((d) => `${d.path}: ${d.message}`).join('; '));
    this.details = details;
  }
}

type Args = Record<string, unknown>;

/** The API request of a tool call; refuses arguments the tool does not have, and ids that are not strings. */
export function toolRequest(name: string, input: unknown, connection: Connection): ApiRequest {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) throw new ToolInputError([{ path: 'name', message: `Unknown tool ${name}` }]);
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input)))
    throw new ToolInputError([{ path: '(root)', message: 'Arguments must be an object' }]);
  const args = (input ?? {}) as Args;
  const unknown = Object.keys(args).filter((k) => !Object.hasOwn(tool.fields, k));
  if (unknown.length > 0) throw new ToolInputError(unknown.map((path) => ({ path, message: 'Unknown field' })));
  return REQUESTS[tool.name](args, connection);
}

const project = (c: Connection): Query => ({ project_id: c.projectId });
const acting = (c: Connection): Query => ({ project_id: c.projectId, agent: c.agent });

const REQUESTS: Record<ToolName, (args: Args, c: Connection) => ApiRequest> = {
  pickup: ({ task_id, wait, lease_seconds }, c) => {
    if (typeof wait === 'number' && wait > MCP_MAX_WAIT_SECONDS)
      throw new ToolInputError([{ path: 'wait', message: `must be at most ${MCP_MAX_WAIT_SECONDS} over MCP` }]);
    return {
      method: 'post',
      path: '/api/tasks/pickup',
      query: { ...acting(c), task_id: queryValue(task_id, 'task_id'), wait: queryValue(wait, 'wait') },
      body: defined({ lease_seconds }),
    };
  },
  note: ({ id, text, block }, c) => {
    if (block !== undefined && typeof block !== 'boolean')
      throw new ToolInputError([{ path: 'block', message: 'must be true or false' }]);
    const pathParams = { id: pathId(id) };
    if (block)
      return {
        method: 'post',
        path: '/api/tasks/{id}/block',
        pathParams,
        query: acting(c),
        body: { reason: text },
        renamed: { reason: 'text' },
      };
    return { method: 'post', path: '/api/tasks/{id}/notes', pathParams, query: acting(c), body: { text } };
  },
  done: ({ id, notes }, c) => ({
    method: 'post',
    path: '/api/tasks/{id}/done',
    pathParams: { id: pathId(id) },
    query: acting(c),
    body: defined({ notes }),
  }),
  tasks: ({ id, ...filter }, c) => {
    if (id === undefined) {
      const query: Query = { ...project(c) };
      for (const [k, v] of Object.entries(filter)) query[k] = queryValue(v, k);
      return { method: 'get', path: '/api/tasks', query };
    }
    refuseBeside('id', filter);
    return { method: 'get', path: '/api/tasks/{id}', pathParams: { id: pathId(id) }, query: project(c) };
  },
  add: (fields, c) => ({
    method: 'post',
    path: '/api/tasks',
    query: { ...project(c), actor: c.agent },
    body: fields,
  }),
  docs: ({ id, q, ...filter }, c) => {
    if (id !== undefined) {
      refuseBeside('id', { q, ...filter });
      return { method: 'get', path: '/api/docs/{id}', pathParams: { id: pathId(id) }, query: project(c) };
    }
    if (q === undefined) throw new ToolInputError([{ path: 'q', message: 'Required: q to search, or id to read' }]);
    const query: Query = { ...project(c), q: queryValue(q, 'q') };
    for (const [k, v] of Object.entries(filter)) query[k] = queryValue(v, k);
    return { method: 'get', path: '/api/docs/search', query };
  },
  write_doc: (fields, c) => ({
    method: 'post',
    path: '/api/docs',
    query: project(c),
    body: c.agent === undefined ? fields : { ...fields, author: c.agent },
  }),
};

function pathId(id: unknown): string {
  if (id === undefined) throw new ToolInputError([{ path: 'id', message: 'Required' }]);
  if (typeof id !== 'string') throw new ToolInputError([{ path: 'id', message: 'must be a string like T-001' }]);
  return id;
}

/** A query parameter as sent: strings and numbers as they are (the route parses them), nothing else. */
function queryValue(value: unknown, path: string): string | number | undefined {
  if (value === undefined || typeof value === 'string' || typeof value === 'number') return value;
  throw new ToolInputError([{ path, message: 'must be a string or a number' }]);
}

function refuseBeside(field: string, others: Args): void {
  const given = Object.keys(defined(others));
  if (given.length > 0) throw new ToolInputError(given.map((path) => ({ path, message: `not allowed with ${field}` })));
}

function defined(fields: Args): Args {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** `/api/tasks/T-001/done?project_id=…`: the request's path and query, for a caller that builds URLs itself. */
export function requestTarget(request: ApiRequest): string {
  const path = request.pathParams
    ? request.path.replace('{id}', encodeURIComponent(request.pathParams.id))
    : request.path;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query)) if (v !== undefined) query.set(k, String(v));
  return `${path}?${query.toString()}`;
}
