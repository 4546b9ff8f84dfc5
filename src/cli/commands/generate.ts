import type { Command, Option } from 'commander';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { act, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { CliError, EXIT, EXIT_CODES_HELP } from '../output.js';
import type { ApiClient } from '../../client/index.js';
import { linkRootFiles, PROTOCOL_FILES, renderProtocolFiles, writeIfChanged, type ProtocolInputs, type RootLinks } from '../../core/agent-protocol.js';
import { renderCommandReference, type CommandSpec, type OptionSpec } from '../../core/command-reference.js';
import { DEFAULT_SETTINGS } from '../../core/types.js';
import { VERSION } from '../../version.js';

function optionSpec(o: Option): OptionSpec {
  const showDefault = o.defaultValue !== undefined && typeof o.defaultValue !== 'boolean';
  return {
    flags: o.flags,
    description: o.description,
    required: o.mandatory,
    choices: o.argChoices,
    defaultValue: showDefault ? String(o.defaultValue) : undefined,
  };
}

/** Every command under `root`, depth first in definition order, as plain data. */
export function commandSpecs(root: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, prefix: string) => {
    for (const c of cmd.commands) {
      const path = prefix ? `${prefix} ${c.name()}` : c.name();
      out.push({
        path,
        usage: c.usage(),
        description: c.description(),
        args: c.registeredArguments.map((a) => {
          const name = `${a.name()}${a.variadic ? '...' : ''}`;
          return { name: a.required ? `<${name}>` : `[${name}]`, description: a.description };
        }),
        options: c.options.filter((o) => !o.hidden).map(optionSpec),
        group: c.commands.length > 0,
      });
      walk(c, path);
    }
  };
  walk(root, '');
  return out;
}

export function globalOptionSpecs(root: Command): OptionSpec[] {
  return [...root.options.filter((o) => !o.hidden).map(optionSpec), { flags: '-h, --help', description: 'help for any command', required: false }];
}

export interface GenerateResult extends RootLinks {
  version: string;
  files: string[];
  /** Files whose content changed (an unchanged file is not rewritten). */
  written: string[];
  commands: number;
}

/** Ask the server about the project and its agents; a server that cannot be reached leaves those parts generic. */
async function projectFacts(api: ApiClient, url: string, projectId: string, projectDir: string) {
  try {
    const project = await call(api.GET('/api/projects/{id}', { params: { path: { id: projectId } } }), url);
    const agents = await call(api.GET('/api/agents', { params: { query: { project_id: projectId } } }), url);
    return { name: project.data.name, settings: project.data.settings, agents: agents.data };
  } catch (err) {
    if (err instanceof CliError && err.exitCode === EXIT.unreachable) {
      return { name: basename(projectDir), settings: DEFAULT_SETTINGS, agents: undefined };
    }
    throw err;
  }
}

/** Write `.codepakt/AGENTS.md` and `.codepakt/CLAUDE.md` for the project in `projectDir` and link them from the root files. */
export async function generateProtocol(o: { root: Command; projectDir: string; url: string; api: ApiClient; projectId: string }): Promise<GenerateResult> {
  const facts = await projectFacts(o.api, o.url, o.projectId, o.projectDir);
  const specs = commandSpecs(o.root);
  const inputs: ProtocolInputs = {
    version: VERSION,
    project: facts.name,
    url: o.url,
    leaseSeconds: facts.settings.lease_seconds,
    maxAttempts: facts.settings.max_attempts,
    commands: renderCommandReference(specs, globalOptionSpecs(o.root)),
    exitCodes: EXIT_CODES_HELP.replace(/^Exit codes:\n/, '').replace(/^ {2}/gm, ''),
    agents: facts.agents?.map((a) => ({ name: a.name, status: a.status, current_task: a.current_task })),
  };
  const rendered = renderProtocolFiles(inputs);
  const dir = join(o.projectDir, '.codepakt');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const written: string[] = [];
  for (const name of PROTOCOL_FILES) {
    const rel = `.codepakt/${name}`;
    files.push(rel);
    if (writeIfChanged(join(dir, name), rendered[name])) written.push(rel);
  }
  const links = linkRootFiles(o.projectDir);
  if (links.root_agents_md === 'created') written.push('AGENTS.md');
  if (links.root_claude_md !== 'kept') written.push('CLAUDE.md');
  return { version: VERSION, files, written, commands: specs.filter((s) => !s.group).length, ...links };
}

export function registerGenerateCommands(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .description('Write the agent protocol (.codepakt/AGENTS.md, .codepakt/CLAUDE.md) and link it from the root AGENTS.md/CLAUDE.md')
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt);
        const result = await generateProtocol({ root: program, projectDir: projectDirOf(p.configFile), url: p.url, api: p.api, projectId: p.projectId });
        return { value: result, human: () => humanResult(result) };
      }),
    );
}

/** The project folder holding `.codepakt/config.json`. */
export function projectDirOf(configFile: string): string {
  return dirname(dirname(configFile));
}

export function humanResult(r: GenerateResult): string {
  const changed = r.written.length ? `Updated: ${r.written.join(', ')}` : 'Already up to date';
  return `Agent protocol for cpk ${r.version} (${r.commands} commands)\n${changed}\nRoot AGENTS.md: ${r.root_agents_md}, root CLAUDE.md: ${r.root_claude_md}`;
}

