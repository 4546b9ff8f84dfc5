import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { act, type CommandContext } from '../command.js';
import { requireConfigFile } from '../context.js';
import { linkRootFiles, unlinkRootFiles, type RootLinks } from '../protocol/root-links.js';
import { PROTOCOL_FILES, renderProtocolFiles, writeIfChanged } from '../protocol/agent-protocol.js';
import { VERSION } from '../../version.js';
import { writeMcpConfigs } from './mcp-config.js';
import { CliError, EXIT } from '../output.js';

export interface GenerateResult extends RootLinks {
  version: string;
  files: string[];
  /** Files whose content changed (an unchanged file is not rewritten). */
  written: string[];
}

const ROOT_FILES = { root_agents_md: 'AGENTS.md', root_claude_md: 'CLAUDE.md' } as const;

/**
 * Write `.codepakt/AGENTS.md` and `.codepakt/CLAUDE.md` in `projectDir` and link them from the root
 * files. Needs no server: the files hold only what this cpk version says.
 */
export function generateProtocol(projectDir: string): GenerateResult {
  const rendered = renderProtocolFiles(VERSION);
  const dir = join(projectDir, '.codepakt');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const written: string[] = [];
  for (const name of PROTOCOL_FILES) {
    const rel = `.codepakt/${name}`;
    files.push(rel);
    if (writeIfChanged(join(dir, name), rendered[name])) written.push(rel);
  }
  const links = linkRootFiles(projectDir);
  for (const [key, file] of Object.entries(ROOT_FILES) as [keyof RootLinks, string][])
    if (links[key] !== 'kept') written.push(file);
  return { version: VERSION, files, written, ...links };
}

export function registerGenerateCommands(program: Command, ctx: CommandContext): void {
  generateCommand(program.command('generate'), ctx);
  // codepakt 0.2's spelling of the same command.
  generateCommand(
    program
      .command('agents-md', { hidden: true })
      .description('codepakt 0.2 alias: cpk agents-md generate')
      .command('generate'),
    ctx,
  );
}

function generateCommand(command: Command, ctx: CommandContext): void {
  command
    .description(
      'Write the agent protocol (.codepakt/AGENTS.md, .codepakt/CLAUDE.md) and link it from the root AGENTS.md/CLAUDE.md',
    )
    .option(
      '--unlink',
      'remove the block and import line cpk added to the root AGENTS.md and CLAUDE.md, and nothing else',
    )
    .option('--mcp', 'also write the MCP client configurations: .mcp.json, .cursor/mcp.json, .codex/config.toml')
    .option('-a, --agent <name>', 'with --mcp: the agent they name (default: claude, cursor, codex)')
    .action(
      act(ctx, async (opts: { unlink?: boolean; mcp?: boolean; agent?: string }) => {
        if (opts.agent !== undefined && !opts.mcp)
          throw new CliError(
            EXIT.usage,
            'invalid_option',
            '--agent names the agent of the MCP configurations: use it with --mcp',
          );
        const projectDir = projectDirOf(requireConfigFile(ctx.rt));
        if (opts.unlink) {
          const links = unlinkRootFiles(projectDir);
          return {
            value: links,
            human: () => `Root AGENTS.md: ${links.root_agents_md}, root CLAUDE.md: ${links.root_claude_md}`,
          };
        }
        const result = generateProtocol(projectDir);
        if (!opts.mcp) return { value: result, human: () => humanResult(result) };
        const mcp = writeMcpConfigs(projectDir, opts.agent);
        const mcpText = Object.entries(mcp).map(([file, outcome]) => `${file}: ${outcome}`);
        return { value: { ...result, mcp }, human: () => [humanResult(result), ...mcpText].join('\n') };
      }),
    );
}

/** The project folder holding `.codepakt/config.json`. */
export function projectDirOf(configFile: string): string {
  return dirname(dirname(configFile));
}

export function humanResult(r: GenerateResult): string {
  const changed = r.written.length ? `Updated: ${r.written.join(', ')}` : 'Already up to date';
  return `Agent protocol for cpk ${r.version}\n${changed}\nRoot AGENTS.md: ${r.root_agents_md}, root CLAUDE.md: ${r.root_claude_md}`;
}
