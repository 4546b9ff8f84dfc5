import type { Command } from 'commander';
import type { CommandContext } from '../command.js';
import { registerAgentCommands } from './agent.js';
import { registerBoardCommands } from './board.js';
import { registerCodeCommands } from './code/index.js';
import { registerConfigCommands } from './config.js';
import { registerDocsCommands } from './docs.js';
import { registerDoctorCommand } from './doctor.js';
import { registerEventsCommands } from './events.js';
import { registerExportCommand } from './export.js';
import { registerGenerateCommands } from './generate.js';
import { registerImportCommand } from './import.js';
import { registerInitCommand } from './init.js';
import { registerScanCommand } from './scan.js';
import { registerMcpCommand } from './mcp.js';
import { registerServerCommands } from './server.js';
import { registerTaskCommands } from './task/index.js';
import { registerFilesCommands } from './files.js';
import { registerGuardCommand } from './guard.js';

/** The top-level commands, in help order, each with what registers it and its subcommands. */
const GROUPS: Record<string, (program: Command, ctx: CommandContext) => void> = {
  server: registerServerCommands,
  init: registerInitCommand,
  task: registerTaskCommands,
  files: registerFilesCommands,
  guard: registerGuardCommand,
  docs: registerDocsCommands,
  board: registerBoardCommands,
  agent: registerAgentCommands,
  events: registerEventsCommands,
  config: registerConfigCommands,
  generate: registerGenerateCommands,
  doctor: registerDoctorCommand,
  export: registerExportCommand,
  import: registerImportCommand,
  mcp: registerMcpCommand,
  scan: registerScanCommand,
  code: registerCodeCommands,
};

/**
 * The command tree, group by group. With `only` naming a group, just that one, and with `sub` naming
 * one of its subcommands, just that subcommand: each `cpk` call is a new process, and building the
 * whole tree for `cpk task show` cost it several milliseconds. Returns false when `sub` named no
 * subcommand of the group (a typo, `help`): the caller then builds the group whole, for its help.
 */
export function registerCommands(program: Command, ctx: CommandContext, only?: string, sub?: string): boolean {
  const alone = only !== undefined && Object.hasOwn(GROUPS, only);
  const register = alone ? GROUPS[only] : undefined;
  if (!register) {
    for (const each of Object.values(GROUPS)) each(program, ctx);
    return true;
  }
  if (sub === undefined) {
    register(program, ctx);
    return true;
  }
  let built = false;
  const narrowed = Object.create(program) as Command;
  narrowed.command = ((nameAndArgs: string, ...rest: unknown[]) => {
    const group = (program.command.bind(program) as (...a: unknown[]) => Command)(nameAndArgs, ...rest);
    const add = group.command.bind(group) as (...a: unknown[]) => Command;
    group.command = ((name: string, ...more: unknown[]) => {
      if (name.split(' ')[0] !== sub) return INERT;
      built = true;
      return add(name, ...more);
    }) as Command['command'];
    return group;
  }) as Command['command'];
  register(narrowed, ctx);
  return built;
}

/** Stands in for a subcommand this call does not build: every chained call on it does nothing. */
const INERT: Command = new Proxy({} as Command, { get: () => () => INERT });
