import type { Command } from 'commander';
import { CliError, compactJson, EXIT, type ExitCode, humanText, writeError } from './output.js';
import type { Runtime } from './context.js';

/** What a command hands back: the value to print, how to show it to a person, and the exit code. */
export interface Outcome {
  value: unknown;
  human?: (value: unknown) => string;
  exit?: ExitCode;
}

export interface CommandContext {
  rt: Runtime;
  exitCode: ExitCode;
}

/** Wrap a command body: print its outcome (JSON or --human), turn failures into one stderr line and an exit code. */
export function act<A extends unknown[]>(ctx: CommandContext, body: (...args: A) => Promise<Outcome | undefined>) {
  return async (...args: A): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const human = Boolean(command.optsWithGlobals().human);
    try {
      const outcome = await body(...args);
      if (!outcome) return;
      const text = human ? (outcome.human ?? humanText)(outcome.value) : compactJson(outcome.value);
      if (text) ctx.rt.io.out(`${text}\n`);
      ctx.exitCode = outcome.exit ?? EXIT.ok;
    } catch (err) {
      const cliError =
        err instanceof CliError ? err : new CliError(EXIT.failed, 'failed', (err as Error).message ?? String(err));
      if (human) ctx.rt.io.err(`error: ${cliError.message}\n`);
      else writeError(ctx.rt.io, cliError);
      ctx.exitCode = cliError.exitCode;
    }
  };
}

/** Parse a positive integer option or fail as a usage error naming the flag. */
export function intOption(
  flag: string,
  value: string | undefined,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `${flag} must be an integer from ${min} to ${max}, got "${value}"`,
    );
  return n;
}

/** `90`, `90s`, `45m`, `2h`, `1d` → seconds. */
export function durationOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(value.trim());
  if (!m)
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `${flag} must be a duration like 90, 90s, 45m, 2h or 1d, got "${value}"`,
    );
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'd' ? 86400 : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1;
  const seconds = Number(m[1]) * factor;
  if (seconds < 1) throw new CliError(EXIT.usage, 'invalid_option', `${flag} must be at least 1 second`);
  return seconds;
}
