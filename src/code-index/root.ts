/** Which repository a directory belongs to, found without spawning git: every query pays for this. */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { INDEX_DIR } from './paths.js';

/**
 * The nearest directory at or above `start` holding `.git` (a folder, or the file of a worktree or
 * submodule); else the nearest holding `.codepakt/`; else `start` itself.
 */
export function findRoot(start: string): string {
  const from = resolve(start);
  let codepakt: string | undefined;
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (!codepakt && isDir(join(dir, INDEX_DIR))) codepakt = dir;
    if (dirname(dir) === dir) return codepakt ?? from;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A path as the index stores it (relative to the root, `/`-separated) from one given relative to `cwd`
 * or to the root, or absolute. Undefined when it points outside the root.
 */
export function toIndexPath(root: string, cwd: string, path: string): string | undefined {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
