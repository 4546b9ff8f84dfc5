import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { fstatSync, realpathSync } from 'node:fs';
import { VERSION } from '../version.js';
import type { CommandContext } from './command.js';
import type { Runtime } from './context.js';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode, processIo, writeError } from './output.js';
import { registerCommands } from './commands/index.js';
import { staleProtocolWarning } from './protocol/stamp.js';
import { usageMessage } from './usage-errors.js';

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
    .addHelpText(
      'after',
      `\nEnvironment: CPK_AGENT, CPK_URL, CPK_PORT, CPK_DATA_DIR, CPK_TOKEN, CPK_TIMEOUT\n\n${EXIT_CODES_HELP}`,
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(outputFor(ctx));
}

/** --help to stdout; a group called without its command prints its help to stderr (exit 2); errors become one JSON line in run(). */
function outputFor(ctx: CommandContext) {
  return {
    writeOut: (s: string) => ctx.rt.io.out(s),
    writeErr: (s: string) => ctx.rt.io.err(s),
    outputError: () => undefined,
    // commander's own answers read process.stdout and process.stderr, which makes them (see src/cli/bin.ts):
    // the same answers, asking the streams only when the descriptor may be a terminal.
    // 80 is commander's width when the output is not a terminal.
    getOutHelpWidth: () => terminal(1)?.columns ?? 80,
    getErrHelpWidth: () => terminal(2)?.columns ?? 80,
    getOutHasColors: () => forcedColor() ?? Boolean(terminal(1)?.hasColors?.()),
    getErrHasColors: () => forcedColor() ?? Boolean(terminal(2)?.hasColors?.()),
  };
}

/** process.stdout (1) or stderr (2) when it is a terminal; a pipe, file or socket is not, asked with one fstat. */
function terminal(fd: 1 | 2): NodeJS.WriteStream | undefined {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return undefined;
  } catch {
    return undefined;
  }
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY ? stream : undefined;
}

/** NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, as commander reads them. */
function forcedColor(): boolean | undefined {
  const env = process.env;
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return undefined;
}

function configured(program: Command, ctx: CommandContext): Command {
  for (const cmd of allCommands(program)) {
    cmd.exitOverride().configureOutput(outputFor(ctx));
  }
  return program;
}

export function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Run one `cpk` invocation; returns the exit code (nothing here calls process.exit). */
export async function run(
  argv: string[],
  rt: Runtime = { cwd: process.cwd(), env: process.env, io: processIo },
): Promise<ExitCode> {
  const ctx: CommandContext = { rt, exitCode: EXIT.ok };
  warnIfProtocolStale(argv, rt);
  const program = buildProgram(ctx, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      // `cpk`, `cpk task`: a group without its command; its help is already on stderr.
      if (err.code === 'commander.help') return EXIT.usage;
      report(rt, argv, new CliError(EXIT.usage, 'usage', usageMessage(err, program, argv)));
      return EXIT.usage;
    }
    const e = err instanceof CliError ? err : new CliError(EXIT.failed, 'failed', (err as Error).message);
    report(rt, argv, e);
    return e.exitCode;
  }
  return ctx.exitCode;
}

/** An error that happened before a command ran: text with --human, like a command's own errors. */
function report(rt: Runtime, argv: readonly string[], err: CliError): void {
  if (argv.includes('--human')) rt.io.err(`error: ${err.message}\n`);
  else writeError(rt.io, err);
}

/** One stderr line when the project's agent protocol files predate this cpk (`generate` and `init` rewrite them). */
function warnIfProtocolStale(argv: string[], rt: Runtime): void {
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === 'generate' || command === 'init') return;
  const warning = staleProtocolWarning(rt.cwd, VERSION);
  if (warning) rt.io.err(`${warning}\n`);
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
