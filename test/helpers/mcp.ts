import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CLI, type RunningServer } from './processes.js';

/** What a tool call answered: its JSON text parsed, and whether it is a tool error. */
export interface ToolAnswer<T = Record<string, unknown>> {
  isError: boolean;
  value: T;
  text: string;
}

export interface McpConnection {
  client: Client;
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<ToolAnswer<T>>;
  close(): Promise<void>;
}

function wrap(client: Client): McpConnection {
  return {
    client,
    async call<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as { type: string; text: string }[];
      if (content.length !== 1 || content[0]?.type !== 'text')
        throw new Error(`unexpected content ${JSON.stringify(result)}`);
      const text = content[0].text;
      return { isError: result.isError === true, value: JSON.parse(text) as T, text };
    },
    close: () => client.close(),
  };
}

/** The /mcp URL of a project, as a client is configured with it. */
export function mcpUrl(server: RunningServer, query: Record<string, string | undefined>): URL {
  const url = new URL('/mcp', server.url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** The SDK's own client over Streamable HTTP. */
export async function httpClient(
  server: RunningServer,
  query: Record<string, string | undefined>,
  token?: string,
): Promise<McpConnection> {
  const client = new Client({ name: 'test-http', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(mcpUrl(server, query), { requestInit: { headers } }));
  return wrap(client);
}

/** The SDK's own client over stdio, spawning the built `cpk mcp` in a project folder. */
export async function stdioClient(
  cwd: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<McpConnection & { stderr: () => string }> {
  const client = new Client({ name: 'test-stdio', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    cwd,
    env: Object.fromEntries(
      Object.entries({ ...process.env, CPK_AGENT: '', ...env }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await client.connect(transport);
  return { ...wrap(client), stderr: () => stderr };
}

/** A JSON-RPC `initialize` sent as a plain POST, for the answers a client library would hide. */
export function initializeBody(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
}

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
