import type { Command } from 'commander';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act, type CommandContext } from '../command.js';
import { optionalAgent } from '../context.js';
import { CliError, type ExitCode } from '../output.js';
import type { McpStdioOptions } from './mcp-stdio.js';
import type { Runtime } from '../context.js';

/** The MCP bundle ships beside the CLI bundle (dist/cli-mcp.js). */
const MCP_ENTRY = fileURLToPath(new URL('./cli-mcp.js', import.meta.url));

interface McpModule {
  runMcpStdio(rt: Runtime, options: McpStdioOptions): Promise<void>;
}

export function registerMcpCommand(program: Command, ctx: CommandContext): void {
  program
    .command('mcp')
    .description(
      "Serve MCP on stdin/stdout (for clients that spawn a process): this project's board, knowledge base and code index",
    )
    .option('-a, --agent <name>', 'agent the tools act as (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option(
      '--dir <folder>',
      'the project folder (default: the current directory), for clients that start it elsewhere',
    )
    .action(
      act(ctx, async (opts: { agent?: string; dir?: string }) => {
        // `require`, not `import()`: the CLI bundle runs from V8's code cache (see server-entry.ts).
        const mcp = createRequire(import.meta.url)(MCP_ENTRY) as McpModule;
        try {
          const rt = opts.dir ? { ...ctx.rt, cwd: resolve(ctx.rt.cwd, opts.dir) } : ctx.rt;
          await mcp.runMcpStdio(rt, { agent: optionalAgent(ctx.rt, opts.agent) });
        } catch (err) {
          throw asCliError(err);
        }
        return undefined;
      }),
    );
}

/** The MCP bundle has its own copy of CliError: one of its errors is printed as this bundle's would be. */
function asCliError(err: unknown): unknown {
  if (err instanceof CliError || !(err instanceof Error) || !('exitCode' in err) || !('code' in err)) return err;
  const e = err as Error & { exitCode: ExitCode; code: string; details?: unknown };
  return new CliError(e.exitCode, e.code, e.message, e.details);
}
