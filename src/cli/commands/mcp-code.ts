/**
 * The `code` tool of `cpk mcp`: questions about the checkout the process runs in, answered from its
 * code index (`.codepakt/code.db`, written by `cpk scan`) on this machine, never by the server.
 */
import { CodeIndexError, openIndex, SYMBOL_KINDS, type SymbolKind } from '../../code-index/api.js';
import { toIndexPath } from '../../code-index/root.js';
import { ToolInputError } from '../../shared/mcp/requests.js';
import type { McpTool } from '../../shared/mcp/schema.js';
import { errorResult, type ToolResult } from '../../shared/mcp/views.js';

const QUERIES = ['symbols', 'imports', 'dependents', 'map', 'summary'] as const;
type CodeQuery = (typeof QUERIES)[number];

export const CODE_TOOL: McpTool = {
  name: 'code',
  description:
    'Query the local code index: symbols (by name, kind, file), a file’s imports or dependents, a ranked map (for a task), summary.',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', enum: [...QUERIES] },
      name: { type: 'string', description: 'substring or glob' },
      kind: { type: 'string', enum: [...SYMBOL_KINDS] },
      file: { type: 'string', description: 'path or folder' },
      depth: { type: 'integer', minimum: 1 },
      task: { type: 'string', description: 'T-001: rank the map for it' },
      limit: { type: 'integer', minimum: 1, maximum: 500 },
    },
    required: ['query'],
    additionalProperties: false,
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
};

/** What the map needs of a task: its words, and the files it names. */
export type TaskText = (ref: string) => Promise<{ text: string; files?: string[] }>;

type Args = Record<string, unknown>;

/** Answer one `code` call from the index at or above `cwd`; opened per call, so a new scan is seen at once. */
export async function answerCode(cwd: string, input: unknown, taskText: TaskText): Promise<ToolResult> {
  const args = checked(input);
  let index: ReturnType<typeof openIndex>;
  try {
    index = openIndex(cwd);
  } catch (err) {
    if (err instanceof CodeIndexError) return errorResult(err.code, err.message);
    throw err;
  }
  try {
    const file = (path: unknown) => {
      if (typeof path !== 'string') throw new ToolInputError([{ path: 'file', message: 'Required for this query' }]);
      const rel = toIndexPath(index.root, index.root, path);
      if (rel === undefined)
        throw new ToolInputError([{ path: 'file', message: `must be inside the repository ${index.root}` }]);
      return rel;
    };
    const value = await run(args.query as CodeQuery, args, index, file, taskText);
    return { content: [{ type: 'text', text: JSON.stringify(value) }] };
  } catch (err) {
    if (err instanceof CodeIndexError) return errorResult(err.code, err.message);
    throw err;
  } finally {
    index.close();
  }
}

async function run(
  query: CodeQuery,
  args: Args,
  index: ReturnType<typeof openIndex>,
  file: (path: unknown) => string,
  taskText: TaskText,
): Promise<unknown> {
  const limit = args.limit as number | undefined;
  switch (query) {
    case 'symbols':
      return index.symbols({
        name: args.name as string | undefined,
        kind: args.kind as SymbolKind | undefined,
        file: args.file === undefined ? undefined : file(args.file),
        limit,
      });
    case 'imports':
      return index.imports(file(args.file));
    case 'dependents':
      return index.dependents(file(args.file), (args.depth as number | undefined) ?? 1);
    case 'summary':
      return index.summary();
    case 'map': {
      const task = typeof args.task === 'string' ? await taskText(args.task) : undefined;
      return index.map(task ? { taskText: task.text, ...(task.files ? { taskFiles: task.files } : {}) } : {});
    }
  }
}

/** The arguments, refused as the routes refuse theirs: each bad field named. */
function checked(input: unknown): Args {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input)))
    throw new ToolInputError([{ path: '(root)', message: 'Arguments must be an object' }]);
  const args = (input ?? {}) as Args;
  const properties = CODE_TOOL.inputSchema.properties;
  const bad: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(args)) {
    const schema = properties[key] as
      | { type?: string; enum?: string[]; minimum?: number; maximum?: number }
      | undefined;
    if (!schema) bad.push({ path: key, message: 'Unknown field' });
    else if (schema.type === 'string' && typeof value !== 'string')
      bad.push({ path: key, message: 'must be a string' });
    else if (schema.enum && !schema.enum.includes(value as string))
      bad.push({ path: key, message: `must be one of ${schema.enum.join(', ')}` });
    else if (
      schema.type === 'integer' &&
      (!Number.isInteger(value) ||
        (value as number) < (schema.minimum ?? -Infinity) ||
        (value as number) > (schema.maximum ?? Infinity))
    )
      bad.push({ path: key, message: `must be a whole number from ${schema.minimum} to ${schema.maximum ?? 'any'}` });
  }
  if (args.query === undefined) bad.push({ path: 'query', message: 'Required' });
  if (bad.length > 0) throw new ToolInputError(bad);
  return args;
}
