/**
 * `cpk generate --mcp`: the project's MCP client configurations, each naming `cpk mcp` as the
 * `codepakt` server. Merged into what the user has: an entry of theirs is never replaced, a file that
 * does not parse is left alone, and nothing else in a file changes but its added entry.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MCP_SERVER_NAME = 'codepakt';

/**
 * - `created`: the file was made with the entry; `added`: the entry was added beside the user's;
 * - `present`: the same entry was there already; `kept`: a `codepakt` entry of the user's is left as it is;
 * - `unparsable`: the file is not what the client reads (not a JSON object, say), so it is not touched.
 */
export type McpConfigOutcome = 'created' | 'added' | 'present' | 'kept' | 'unparsable';

interface ClientConfig {
  /** Relative to the project folder. */
  file: string;
  agent: string;
  /** How the client spawns cpk in the project folder. */
  args: (agent: string) => string[];
  format: 'json' | 'toml';
}

/** Claude Code starts project servers in the project folder; Cursor is told it (`${workspaceFolder}`). */
const CLIENTS: ClientConfig[] = [
  { file: '.mcp.json', agent: 'claude', args: (a) => ['mcp', '--agent', a], format: 'json' },
  {
    file: '.cursor/mcp.json',
    agent: 'cursor',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Cursor's own variable, which Cursor expands
    args: (a) => ['mcp', '--agent', a, '--dir', '${workspaceFolder}'],
    format: 'json',
  },
  // Codex reads a project's .codex/config.toml once the project is trusted (~/.codex/config.toml otherwise).
  { file: '.codex/config.toml', agent: 'codex', args: (a) => ['mcp', '--agent', a], format: 'toml' },
];

/** Write or merge each client's configuration in `projectDir`; `agent` names the agent in all of them. */
export function writeMcpConfigs(projectDir: string, agent?: string): Record<string, McpConfigOutcome> {
  const out: Record<string, McpConfigOutcome> = {};
  for (const client of CLIENTS) {
    const path = join(projectDir, client.file);
    const args = client.args(agent ?? client.agent);
    out[client.file] = client.format === 'json' ? mergeJson(path, args) : mergeToml(path, args);
  }
  return out;
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeJson(path: string, args: string[]): McpConfigOutcome {
  const entry = { command: 'cpk', args };
  if (!existsSync(path)) {
    write(path, `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: entry } }, null, 2)}\n`);
    return 'created';
  }
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return 'unparsable';
  }
  if (!isObject(config) || (config.mcpServers !== undefined && !isObject(config.mcpServers))) return 'unparsable';
  const servers = (config.mcpServers ?? {}) as JsonObject;
  const existing = servers[MCP_SERVER_NAME];
  if (existing !== undefined) return JSON.stringify(existing) === JSON.stringify(entry) ? 'present' : 'kept';
  config.mcpServers = { ...servers, [MCP_SERVER_NAME]: entry };
  write(path, `${JSON.stringify(config, null, 2)}\n`);
  return 'added';
}

/**
 * TOML is appended to as text, so the user's comments and layout stay: a `[mcp_servers.codepakt]`
 * table (or keys under that name, or an inline table of mcp_servers naming it) means theirs is kept.
 */
function mergeToml(path: string, args: string[]): McpConfigOutcome {
  const table = `[mcp_servers.${MCP_SERVER_NAME}]\ncommand = "cpk"\nargs = [${args.map((a) => JSON.stringify(a)).join(', ')}]\n`;
  if (!existsSync(path)) {
    write(path, table);
    return 'created';
  }
  const text = readFileSync(path, 'utf8');
  const named = new RegExp(
    `^\\s*(\\[\\s*mcp_servers\\s*\\.\\s*"?${MCP_SERVER_NAME}"?\\s*[\\].]|mcp_servers\\s*\\.\\s*"?${MCP_SERVER_NAME}"?\\s*[.=]|mcp_servers\\s*=.*\\b${MCP_SERVER_NAME}\\b)`,
    'm',
  );
  if (named.test(text)) return text.includes(table) ? 'present' : 'kept';
  const head = text === '' || text.endsWith('\n\n') ? text : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
  write(path, `${head}${table}`);
  return 'added';
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
