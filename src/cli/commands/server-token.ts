import { type Command, Option } from 'commander';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { dataDir } from '../../shared/data-dir.js';
import { act, type CommandContext } from '../command.js';
import type { Runtime } from '../context.js';
import { CliError, EXIT, table } from '../output.js';
import { SERVER_ENTRY } from '../server-entry.js';

/** A token as the data dir's token file lists it; the token itself is only ever printed by `add`. */
interface TokenSummary {
  id: string;
  agent?: string;
  person?: string;
  created_at: string;
}

/** What the server bundle exports for these commands (src/server/tokens/admin.ts). */
interface TokenAdmin {
  addToken(dataDir: string, binding: { agent: string } | { person: string }): Promise<TokenSummary & { token: string }>;
  listTokens(dataDir: string): TokenSummary[];
  revokeToken(dataDir: string, id: string): Promise<TokenSummary>;
}

/**
 * The token file is validated and hashed with the server's own code, from the server bundle, so that
 * zod and node:crypto stay out of the CLI bundle every other `cpk` call loads.
 */
function tokenAdmin(): TokenAdmin {
  return createRequire(import.meta.url)(SERVER_ENTRY) as TokenAdmin;
}

interface DirOptions {
  data?: string;
  dataDir?: string;
}

/** The data dir as `cpk server start` takes it: -d/--data, else CPK_DATA_DIR, else ~/.codepakt. */
function dirOf(rt: Runtime, opts: DirOptions): string {
  const given = opts.data ?? opts.dataDir;
  return given ? resolve(rt.cwd, given) : dataDir(rt.env);
}

/** The admin module's failures, as the CLI's: a bad name is a usage error, the rest a failure. */
async function admin<T>(body: (tokens: TokenAdmin) => T | Promise<T>): Promise<T> {
  try {
    return await body(tokenAdmin());
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TokenInputError') throw new CliError(EXIT.usage, 'invalid_option', e.message);
    if (e.name === 'TokenNotFound') throw new CliError(EXIT.failed, 'token_not_found', e.message);
    if (e.name === 'TokenFileError') throw new CliError(EXIT.failed, 'bad_token_file', e.message);
    throw new CliError(EXIT.failed, 'failed', e.message);
  }
}

function withDataDir(cmd: Command): Command {
  return cmd
    .option('-d, --data <dir>', 'data dir of the server (default CPK_DATA_DIR or ~/.codepakt)')
    .addOption(new Option('--data-dir <dir>', 'same as --data').hideHelp());
}

function binding(t: TokenSummary): string {
  return t.agent !== undefined ? `agent ${t.agent}` : `person ${t.person ?? ''}`;
}

/** `cpk server token add|list|revoke`: the server's bearer tokens, each bound to an agent or a person. */
export function registerServerTokenCommands(server: Command, ctx: CommandContext): void {
  const token = server
    .command('token')
    .description(
      "Bearer tokens for this server's data dir: bound to an agent (acts only as it) or a person (acts as anyone)",
    );

  withDataDir(
    token
      .command('add')
      .description('Make a token (printed once, stored hashed); a running server accepts it at once')
      .option('--agent <name>', 'bind it to this agent: requests act as it, and only as it')
      .option('--person <name>', 'make it for this person (e.g. on the dashboard): acts as anyone'),
  ).action(
    act(ctx, async (opts: DirOptions & { agent?: string; person?: string }) => {
      if ((opts.agent === undefined) === (opts.person === undefined))
        throw new CliError(EXIT.usage, 'invalid_option', 'Give exactly one of --agent <name> and --person <name>');
      const dir = dirOf(ctx.rt, opts);
      const made = await admin((t) =>
        t.addToken(dir, opts.agent !== undefined ? { agent: opts.agent } : { person: opts.person ?? '' }),
      );
      return {
        value: made,
        human: () =>
          `Token ${made.id} for ${binding(made)}; it is shown only now, keep it secret:\n${made.token}\nOn the ${made.agent !== undefined ? "agent's" : "person's"} machine: CPK_TOKEN=${made.token}`,
      };
    }),
  );

  withDataDir(
    token.command('list').description('The tokens: id, agent or person, created_at (never the token)'),
  ).action(
    act(ctx, async (opts: DirOptions) => {
      const dir = dirOf(ctx.rt, opts);
      const tokens = await admin((t) => t.listTokens(dir));
      return {
        value: tokens,
        human: () =>
          tokens.length === 0
            ? '(no tokens)'
            : table(
                tokens.map((t) => ({ id: t.id, bound_to: binding(t), created_at: t.created_at })),
                ['id', 'bound_to', 'created_at'],
              ),
      };
    }),
  );

  withDataDir(
    token
      .command('revoke')
      .description('Remove a token; a running server refuses it within a second, open streams included')
      .argument('<id>', 'token id, from `cpk server token list`'),
  ).action(
    act(ctx, async (id: string, opts: DirOptions) => {
      const dir = dirOf(ctx.rt, opts);
      const gone = await admin((t) => t.revokeToken(dir, id));
      return { value: { status: 'revoked', ...gone }, human: () => `Revoked ${gone.id} (${binding(gone)})` };
    }),
  );
}
