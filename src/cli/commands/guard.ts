import type { Command } from 'commander';
import { act, type CommandContext } from '../command.js';
import { call, optionalAgent, projectContext } from '../context.js';
import { CliError, EXIT } from '../output.js';
import { type Hold, readStdin, refusals, refusalText, touchedPaths } from './guard-check.js';
import { HOOKS, type HookName, hookStatus, installHooks, uninstallHooks } from './guard-hooks.js';

interface GuardOptions {
  install?: boolean;
  uninstall?: boolean;
  check?: string;
  warn?: boolean;
  agent?: string;
}

/**
 * `cpk guard`: git hooks that refuse a commit or push touching files other agents hold (a live claim's
 * or an ad-hoc reservation's). Advisory and fail-open: with no project or no server, it lets the commit
 * through, saying why. CPK_GUARD=off skips it, CPK_GUARD=warn only warns.
 */
export function registerGuardCommand(program: Command, ctx: CommandContext): void {
  program
    .command('guard')
    .description('Git hooks refusing commits and pushes of files reserved by other agents (no option: status)')
    .option(
      '--install',
      'add the guard block to pre-commit and pre-push (core.hooksPath honoured; existing hooks chained)',
    )
    .option('--uninstall', 'remove the guard block')
    .option('--warn', 'with --install or --check: warn instead of refusing')
    .option(
      '--check <hook>',
      'what the hooks run: check the staged files (pre-commit) or the pushed commits (pre-push)',
    )
    .option('-a, --agent <name>', 'whose reservations are allowed (default CPK_AGENT)')
    .action(
      act(ctx, async (opts: GuardOptions) => {
        if (opts.check !== undefined) return check(ctx, hookName(opts.check), opts);
        if (opts.install && opts.uninstall)
          throw new CliError(EXIT.usage, 'usage', 'Use either --install or --uninstall, not both');
        if (opts.install) {
          const hooks = installHooks(ctx.rt.cwd, { warn: Boolean(opts.warn) });
          return { value: { installed: hooks, warn: Boolean(opts.warn) || undefined }, human: () => hookLines(hooks) };
        }
        if (opts.uninstall) {
          const hooks = uninstallHooks(ctx.rt.cwd);
          return { value: { uninstalled: hooks }, human: () => hookLines(hooks) };
        }
        const hooks = hookStatus(ctx.rt.cwd);
        return {
          value: { hooks },
          human: () =>
            hooks
              .map(
                (h) => `${h.hook}: ${h.installed ? `installed${h.warn ? ' (warn)' : ''}` : 'not installed'}  ${h.file}`,
              )
              .join('\n'),
        };
      }),
    );
}

function hookName(value: string): HookName {
  if ((HOOKS as readonly string[]).includes(value)) return value as HookName;
  throw new CliError(EXIT.usage, 'invalid_option', `--check must be ${HOOKS.join(' or ')}, got "${value}"`);
}

function hookLines(hooks: { hook: string; file: string; action: string }[]): string {
  return hooks.map((h) => `${h.hook}: ${h.action}  ${h.file}`).join('\n');
}

async function check(ctx: CommandContext, hook: HookName, opts: GuardOptions) {
  const env = ctx.rt.env.CPK_GUARD;
  if (env === 'off') return undefined;
  const warn = Boolean(opts.warn) || env === 'warn';
  const started = performance.now();
  const paths = touchedPaths(hook, ctx.rt.cwd, hook === 'pre-push' ? readStdin() : '');
  const listed = performance.now();
  if (paths.length === 0) return undefined;
  let holds: Hold[];
  try {
    const p = projectContext(ctx.rt);
    holds = (
      await call(p.api.GET('/api/files/reservations', { params: { query: { project_id: p.projectId } } }), p.url)
    ).data;
  } catch (err) {
    // Fail open: a board that cannot be reached must not stop work; say so.
    ctx.rt.io.err(`cpk guard: not checked (${err instanceof Error ? err.message : String(err)})\n`);
    return undefined;
  }
  const read = performance.now();
  const found = refusals(paths, holds, optionalAgent(ctx.rt, opts.agent));
  if (ctx.rt.env.CPK_GUARD_TIMING) {
    const ms = (a: number, b: number) => (b - a).toFixed(1);
    const end = performance.now();
    ctx.rt.io.err(
      `cpk guard: ${paths.length} paths in ${ms(started, end)} ms (git ${ms(started, listed)}, board ${ms(listed, read)}, matching ${ms(read, end)})\n`,
    );
  }
  if (found.length === 0) return undefined;
  ctx.rt.io.err(refusalText(hook, found, warn));
  return { value: undefined, exit: warn ? EXIT.ok : EXIT.failed };
}
