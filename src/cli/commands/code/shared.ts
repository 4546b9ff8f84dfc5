/** What every `cpk code` command shares: opening the index (scanning first when there is none) and its errors. */
import type { CodeIndex } from '../../../code-index/api.js';
import { toIndexPath } from '../../../code-index/root.js';
import type { CommandContext } from '../../command.js';
import { CliError, EXIT } from '../../output.js';

/** Run `body` over this checkout's index; a checkout never scanned is scanned first. */
// Loaded by the commands that use it: SQLite's native addon is not every cpk call's to pay.
export async function withIndex<T>(ctx: CommandContext, body: (index: CodeIndex) => T | Promise<T>): Promise<T> {
  const api = await import('../../../code-index/api.js');
  const asCli = (err: unknown) => (err instanceof api.CodeIndexError ? cliError(err) : err);
  let index: CodeIndex;
  try {
    index = api.openIndex(ctx.rt.cwd);
  } catch (err) {
    if (!(err instanceof api.CodeIndexError) || (err.code !== 'no_index' && err.code !== 'index_outdated'))
      throw asCli(err);
    const { scan } = await import('../../../code-index/scan.js');
    await scan(api.findRoot(ctx.rt.cwd));
    index = api.openIndex(ctx.rt.cwd);
  }
  try {
    return await body(index);
  } catch (err) {
    throw asCli(err);
  } finally {
    index.close();
  }
}

function cliError(err: { code: string; message: string }): CliError {
  const exit = err.code === 'invalid_argument' ? EXIT.usage : EXIT.failed;
  return new CliError(exit, err.code === 'not_indexed' ? 'not_found' : err.code, err.message);
}

/** A `--file` as the index names it: relative to the current directory (or to the root), or absolute. */
export function indexPath(ctx: CommandContext, index: CodeIndex, file: string): string {
  const fromCwd = toIndexPath(index.root, ctx.rt.cwd, file);
  if (fromCwd === undefined)
    throw new CliError(EXIT.usage, 'invalid_option', `--file ${file} is outside the repository at ${index.root}`);
  return fromCwd;
}

/** `--file` must name something: a usage error otherwise. */
export function requireFile(file: string | undefined, command: string): string {
  if (!file) throw new CliError(EXIT.usage, 'missing_option', `cpk code ${command} needs --file <path>`);
  return file;
}
