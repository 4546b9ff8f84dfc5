import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { ToolInputError } from './requests.js';
import type { McpTool } from './schema.js';
import { MCP_INSTRUCTIONS } from './tools.js';
import { errorResult, type ToolResult } from './views.js';

/** Runs one tool call; `signal` ends when the client cancels it or goes away. */
export type ToolCaller = (name: string, args: unknown, signal: AbortSignal) => Promise<ToolResult>;

/**
 * An MCP server answering `tools/list` with `tools` and `tools/call` through `call`, over whichever
 * transport it is connected to. Every failure is a tool error (`isError`) carrying an API error code
 * and message: input refused before the call is `validation_error`, anything unforeseen
 * `internal_error` with no more said (never a stack).
 */
export function createMcpServer(version: string, tools: McpTool[], call: ToolCaller, onError?: (err: unknown) => void) {
  const server = new Server(
    { name: 'codepakt', version },
    { capabilities: { tools: {} }, instructions: MCP_INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    try {
      return await call(request.params.name, request.params.arguments, extra.signal);
    } catch (err) {
      if (err instanceof ToolInputError) return errorResult('validation_error', err.message, err.details);
      onError?.(err);
      return errorResult('internal_error', 'Internal error');
    }
  });
  return server;
}
