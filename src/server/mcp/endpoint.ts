import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context } from 'hono';
import { type Connection, requestTarget, toolRequest } from '../../shared/mcp/requests.js';
import { type McpTool, type OpenApiDocument, toolList } from '../../shared/mcp/schema.js';
import { createMcpServer, type ToolCaller } from '../../shared/mcp/server.js';
import { toolAnswer } from '../../shared/mcp/views.js';
import { VERSION } from '../../version.js';
import { limitBody } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { ApiError, issuesToDetails, validationError } from '../errors.js';
import { authenticate } from '../middleware/auth.js';
import type { App, AppEnv } from '../router.js';
import { actingAs, AgentQuery } from '../tasks/agent-param.js';
import { callKey, cancelledIds, loneToolCallId, RunningCalls } from './running-calls.js';

export const MCP_PATH = '/mcp';
const MAX_MCP_BODY_BYTES = 1024 * 1024;

const AGENT_HINT =
  'name the agent in the MCP URL (/mcp?project_id=…&agent=NAME) or connect with a token bound to the agent';

/**
 * MCP over Streamable HTTP at /mcp, stateless (any replica answers any request, nothing is kept
 * between requests): each POST gets its own MCP server and transport, answering JSON. The project is
 * `?project_id=` of the URL the client is configured with, the agent `?agent=` (or the agent a bound
 * token names). A tool call becomes the API request it stands for and is answered by that route,
 * in-process, with the caller's token: the same validation, rules, store and errors as over REST.
 * Behind the same Origin/Host guard as every route (app.ts), and the same tokens as /api.
 *
 * A `notifications/cancelled` (a POST of its own) ends the lone tool call of an earlier POST of the
 * same caller on this server: the call's request is aborted, which ends a waiting pickup's wait, and
 * that POST is answered with an event stream closed at once, holding no response (the cancelled
 * request gets none). A write the call already began still completes whole: the store is never
 * interrupted mid-transaction; only its answer is dropped.
 */
export function registerMcp(app: App, deps: AppDeps, openapiDocument: () => unknown): void {
  let tools: McpTool[] | undefined;
  const toolsOf = () => (tools ??= toolList(openapiDocument() as OpenApiDocument));
  app.use(MCP_PATH, authenticate({ token: deps.token, tokens: deps.tokens, required: deps.requireToken }));
  app.use(
    MCP_PATH,
    limitBody(MAX_MCP_BODY_BYTES, () => {
      throw new ApiError('payload_too_large', `Request body exceeds ${MAX_MCP_BODY_BYTES} bytes`);
    }),
  );
  const running = new RunningCalls();
  app.all(MCP_PATH, async (c) => {
    // Stateless: no session to stream server-initiated messages on, none to delete.
    if (c.req.method !== 'POST') return methodNotAllowed();
    const connection = await connectionOf(c, deps);
    // Unparsable: the transport reads the body itself and answers the parse error.
    const body: unknown = await c.req.raw
      .clone()
      .json()
      .catch(() => undefined);
    for (const id of cancelledIds(body)) running.cancel(callKey(c, connection, id));
    const callId = loneToolCallId(body);
    const cancelled = new AbortController();
    const forget =
      callId === undefined ? () => undefined : running.add(callKey(c, connection, callId), () => cancelled.abort());
    // Cancelled before it arrived: not run at all.
    if (cancelled.signal.aborted) return noResponse();
    const server = createMcpServer(VERSION, toolsOf(), inProcessCaller(app, c, connection, cancelled.signal), (err) =>
      console.error(`[${c.get('requestId')}] MCP tool call failed:`, err),
    );
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      const answer = transport.handleRequest(c.req.raw, body === undefined ? undefined : { parsedBody: body });
      return await Promise.race([answer, aborted(cancelled.signal).then(noResponse)]);
    } finally {
      forget();
      // Also aborts a call still running, whose answer nobody reads any more.
      await server.close();
    }
  });
}

/** The project and agent of the request's URL, refused as REST refuses them: 400, 403, 404 or 503. */
async function connectionOf(c: Context<AppEnv>, deps: AppDeps): Promise<Connection> {
  const ids = c.req.queries('project_id') ?? [];
  const agents = c.req.queries('agent') ?? [];
  if (ids.length > 1 || agents.length > 1)
    throw validationError([{ path: ids.length > 1 ? 'project_id' : 'agent', message: 'Give it once' }]);
  const parsed = AgentQuery.safeParse({ project_id: ids[0], agent: agents[0] });
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error.issues);
    throw validationError(
      details.map((d) =>
        d.path === 'project_id' ? { ...d, message: `${d.message}: connect to /mcp?project_id=<id from cpk init>` } : d,
      ),
    );
  }
  const { project_id, agent } = parsed.data;
  actingAs(c.var.caller, ['?agent', agent]);
  await deps.catalog.open(project_id);
  return { projectId: project_id, agent };
}

/** Each tool call as the API request it stands for, through this app, with the caller's token. */
function inProcessCaller(app: App, c: Context<AppEnv>, connection: Connection, cancelled: AbortSignal): ToolCaller {
  return async (name, args, signal) => {
    const request = toolRequest(name, args, connection);
    const headers = new Headers({ 'content-type': 'application/json' });
    for (const header of ['host', 'authorization']) {
      const value = c.req.header(header);
      if (value !== undefined) headers.set(header, value);
    }
    const response = await app.fetch(
      new Request(new URL(requestTarget(request), c.req.url), {
        method: request.method.toUpperCase(),
        headers,
        body: request.method === 'post' ? JSON.stringify(request.body ?? {}) : undefined,
        signal: AbortSignal.any([signal, c.req.raw.signal, cancelled]),
      }),
      c.env,
    );
    const body = await response.json().catch(() => undefined);
    return toolAnswer(request, response.status, body, { agentHint: AGENT_HINT });
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** The answer to a POST whose call was cancelled: an event stream that ends at once, with no message. */
function noResponse(): Response {
  return new Response('', {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}

function methodNotAllowed(): Response {
  return Response.json(
    {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: this server is stateless, POST only' },
      id: null,
    },
    { status: 405, headers: { allow: 'POST' } },
  );
}
