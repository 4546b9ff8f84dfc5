/**
 * `cpk mcp`: an MCP server on stdin/stdout for clients that spawn a process. Its own bundle
 * (dist/cli-mcp.js), loaded by that command only, so no other `cpk` call pays for the MCP SDK. It
 * offers the tools of the server's /mcp, read from the contract this cpk ships, and answers each one by
 * calling the API through the typed client, as every other command does.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import contract from '../../../openapi/openapi.json';
import { type ApiRequest, type Connection, toolRequest } from '../../shared/mcp/requests.js';
import { type OpenApiDocument, toolList } from '../../shared/mcp/schema.js';
import { createMcpServer, type ToolCaller } from '../../shared/mcp/server.js';
import { errorResult, type ToolResult, toolAnswer } from '../../shared/mcp/views.js';
import { MCP_MAX_WAIT_SECONDS } from '../../shared/mcp/tools.js';
import { VERSION } from '../../version.js';
import type { ApiClient, paths } from '../../client/index.js';
import { call, client, projectContext, silenceMs, type Runtime } from '../context.js';
import { CliError } from '../output.js';
import { answerCode, CODE_TOOL, type TaskText } from './mcp-code.js';

export interface McpStdioOptions {
  agent?: string | undefined;
}

const AGENT_HINT = 'start cpk mcp with --agent NAME (or CPK_AGENT), or set a CPK_TOKEN bound to the agent';

/** Serve MCP on the process's stdin and stdout until stdin ends; resolves then. */
export async function runMcpStdio(rt: Runtime, options: McpStdioOptions): Promise<void> {
  const project = projectContext(rt);
  const connection: Connection = { projectId: project.projectId, agent: options.agent };
  // A pickup that waits for work may be silent for its whole wait.
  const waiting = client(rt, project.url, silenceMs(rt) + MCP_MAX_WAIT_SECONDS * 1000);
  const remote = apiCaller(project.api, waiting, project.url, connection);
  const taskText = taskTextOf(project.api, project.url, connection);
  const caller: ToolCaller = (name, args, signal) =>
    name === CODE_TOOL.name ? answerCode(rt.cwd, args, taskText).catch(asToolError) : remote(name, args, signal);
  const tools = [...toolList(contract as OpenApiDocument), CODE_TOOL];
  const server = createMcpServer(VERSION, tools, caller, (err) =>
    rt.io.err(`cpk mcp: tool call failed: ${(err as Error).message}\n`),
  );
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  process.stdin.once('end', () => void server.close());
  await server.connect(transport);
  await closed;
}

/** Each tool call as the API request it stands for, through the typed client. */
function apiCaller(api: ApiClient, waiting: ApiClient, url: string, connection: Connection): ToolCaller {
  return async (name, args, signal) => {
    const request = toolRequest(name, args, connection);
    const through = request.query.wait ? waiting : api;
    try {
      const body = await call(send(through, request, signal), url);
      return toolAnswer(request, 200, body, { agentHint: AGENT_HINT });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      const envelope = { error: err.code, message: err.message, details: err.details };
      return toolAnswer(request, 400, envelope, { agentHint: AGENT_HINT });
    }
  };
}

/** A failed API call made for a local tool (the task a map is ranked for) as a tool error. */
function asToolError(err: unknown): ToolResult {
  if (!(err instanceof CliError)) throw err;
  return errorResult(err.code, err.message, err.details as { path: string; message: string }[] | undefined);
}

/** A task's words for ranking the code map: its title, description and acceptance criteria, and its files. */
function taskTextOf(api: ApiClient, url: string, connection: Connection): TaskText {
  return async (ref) => {
    const { data } = await call(
      api.GET('/api/tasks/{id}', { params: { path: { id: ref }, query: { project_id: connection.projectId } } }),
      url,
    );
    const files = (data as { files?: unknown }).files;
    return {
      text: [data.title, data.description, ...data.acceptance_criteria].join('\n'),
      ...(Array.isArray(files) ? { files: files.filter((f): f is string => typeof f === 'string') } : {}),
    };
  };
}

/** Every path a tool call becomes is one of the contract's: tsc fails here otherwise. */
const pathsAreTheContracts: ApiRequest['path'] extends keyof paths ? true : never = true;
void pathsAreTheContracts;

/**
 * The request as the contract declares it. `request` is the client's generic form of its typed
 * methods: the path and method are the contract's (ApiRequest lists them), the parameters and body
 * the tool's, checked by the route.
 */
function send(api: ApiClient, request: ApiRequest, signal: AbortSignal) {
  const init = {
    params: { path: request.pathParams, query: request.query },
    ...(request.method === 'post' ? { body: request.body ?? {} } : {}),
    signal,
  };
  return (api.request as (method: string, path: string, init: unknown) => ReturnType<ApiClient['GET']>)(
    request.method,
    request.path,
    init,
  );
}
