import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import { VERSION } from '../version.js';
import type { CommandContext } from './command.js';
import type { Runtime } from './context.js';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode, processIo, writeError } from './output.js';
import { registerCommands } from './commands/index.js';
import { staleProtocolWarning } from '../core/protocol-stamp.js';

/** The cpk program; given the arguments of a call, only the command group they name is built. */
export function buildProgram(ctx: CommandContext, argv?: readonly string[]): Command {
  // The first word that is not an option names the group (cpk's own options take no value), the next one its subcommand.
  const [group, sub] = (argv ?? []).filter((a) => !a.startsWith('-'));
  const program = newProgram(ctx);
  if (registerCommands(program, ctx, group, sub)) return configured(program, ctx);
  // `sub` named no subcommand: the whole group, for commander's suggestion or help.
  const whole = newProgram(ctx);
  registerCommands(whole, ctx, group);
  return configured(whole, ctx);
}

function newProgram(ctx: CommandContext): Command {
  return new Command('cpk')
    .description('codepakt: one task board for many coding agents. Prints one line of JSON per call.')
    .version(VERSION, '-V, --version')
    .option('--human', 'readable text instead of JSON')
    .addHelpText('after', `\nEnvironment: CPK_AGENT, CPK_URL, CPK_PORT, CPK_DATA_DIR, CPK_TOKEN, CPK_TIMEOUT\n\n${EXIT_CODES_HELP}`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.rt.io.out(s),
      // Commander's own messages become our one-line JSON error below.
      writeErr: () => undefined,
      outputError: () => undefined,
    });
}

function configured(program: Command, ctx: CommandContext): Command {
  for (const cmd of allCommands(program)) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.rt.io.out(s), writeErr: () => undefined, outputError: () => undefined });
  }
  return program;
}

export function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Run one `cpk` invocation; returns the exit code (nothing here calls process.exit). */
export async function run(argv: string[], rt: Runtime = { cwd: process.cwd(), env: process.env, io: processIo }): Promise<ExitCode> {
  const ctx: CommandContext = { rt, exitCode: EXIT.ok };
  warnIfProtocolStale(argv, rt);
  const program = buildProgram(ctx, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      const message = err.message.replace(/^error:\s*/, '');
      writeError(rt.io, new CliError(EXIT.usage, 'usage', message));
      return EXIT.usage;
    }
    const e = err instanceof CliError ? err : new CliError(EXIT.failed, 'failed', (err as Error).message);
    writeError(rt.io, e);
    return e.exitCode;
  }
  return ctx.exitCode;
}

/** One stderr line when the project's agent protocol files predate this cpk (`generate` and `init` rewrite them). */
function warnIfProtocolStale(argv: string[], rt: Runtime): void {
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === 'generate' || command === 'init') return;
  const warning = staleProtocolWarning(rt.cwd, VERSION);
  if (warning) rt.io.err(warning + '\n');
}

function isEntry(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// No top-level await: the bundle is CommonJS (see scripts/build.ts).
if (isEntry()) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
