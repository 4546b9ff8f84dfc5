/**
 * What git says changed since the last scan: the files that differ between the working tree and the
 * commit the last scan saw (committed since, staged or not, deleted, renamed: both names), untracked
 * files, and the files that were dirty at the last scan (they may have been reverted since).
 */
import { git } from './files.js';

export interface GitState {
  head?: string;
  /** Files differing from HEAD now (recorded, so the next --changed scan looks at them again). */
  dirty: string[];
}

/**
 * The state to record after a scan. When HEAD has not moved since `last` and `changed` was computed
 * against it, the files differing from HEAD are already known: one git call instead of two.
 */
export function gitState(root: string, last?: GitState, changed?: { diff: string[] }): GitState {
  let head: string | undefined;
  try {
    head = git(root, ['rev-parse', '--verify', '-q', 'HEAD']).trim() || undefined;
  } catch {
    head = undefined;
  }
  if (!head) return { dirty: [] };
  const dirty = changed && last?.head === head ? changed.diff : diffNames(root, head);
  return { head, dirty };
}

function diffNames(root: string, base: string): string[] {
  return git(root, ['diff', '--name-only', '--no-renames', '-z', base, '--']).split('\0').filter(Boolean);
}

/** Undefined when git cannot say (no previous scan, the commit it saw is gone): scan everything. */
export function changedSince(
  root: string,
  last: GitState | undefined,
  untrackedKnown?: Iterable<string>,
): (Set<string> & { diff: string[] }) | undefined {
  if (!last?.head) return undefined;
  let names: string[];
  try {
    names = diffNames(root, last.head);
  } catch {
    return undefined;
  }
  const untracked = untrackedKnown
    ? [...untrackedKnown]
    : git(root, ['ls-files', '-z', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  // The index's own folder is never source (its .gitignore is not an ignore rule for the code).
  const set = new Set([...names, ...untracked, ...last.dirty].filter((p) => !p.startsWith('.codepakt/')));
  return Object.assign(set, { diff: names });
}
