/**
 * What git says changed since the last scan: the files that differ between the working tree and the
 * commit the last scan saw (committed since, staged or not, deleted, renamed: both names), untracked
 * files, and the files that were dirty at the last scan (they may have been reverted since). The git
 * calls run beside the scan's own work: each is started as soon as what it needs is known.
 */
import { gitAsync } from './files.js';

export interface GitState {
  head?: string;
  /** Files differing from HEAD now (recorded, so the next --changed scan looks at them again). */
  dirty: string[];
}

export interface GitQuestions {
  /** The files differing from the commit the last scan saw; undefined when git cannot say. */
  sinceLast?: Promise<string[] | undefined>;
  /** The state to record after this scan. */
  state: Promise<GitState>;
}

/**
 * Start the git calls a scan needs. `changed`: a --changed scan, which needs the files differing from
 * `last.head`; when HEAD has not moved since, those are also the dirty files to record (one call less).
 */
export function askGit(root: string, last: GitState | undefined, changed: boolean): GitQuestions {
  const sinceLast =
    changed && last?.head
      ? diffNames(root, last.head).catch(() => undefined)
      : changed
        ? Promise.resolve(undefined)
        : undefined;
  const head = gitAsync(root, ['rev-parse', '--verify', '-q', 'HEAD']).then(
    (out) => out.trim() || undefined,
    () => undefined,
  );
  const state = head.then(async (h): Promise<GitState> => {
    if (!h) return { dirty: [] };
    const same = sinceLast && last?.head === h ? await sinceLast : undefined;
    return { head: h, dirty: same ?? (await diffNames(root, h)) };
  });
  // Awaited only at the end of the scan: a failure must not go unhandled meanwhile.
  state.catch(() => undefined);
  return { ...(sinceLast ? { sinceLast } : {}), state };
}

function diffNames(root: string, base: string): Promise<string[]> {
  return gitAsync(root, ['diff', '--name-only', '--no-renames', '-z', base, '--']).then((out) =>
    out.split('\0').filter(Boolean),
  );
}

/** The files to look at again; undefined when git cannot say (no previous scan, its commit is gone): everything. */
export function changedFiles(
  last: GitState | undefined,
  sinceLast: string[] | undefined,
  untracked: Iterable<string>,
): (Set<string> & { diff: string[] }) | undefined {
  if (!last?.head || !sinceLast) return undefined;
  // The index's own folder is never source (its .gitignore is not an ignore rule for the code).
  const set = new Set([...sinceLast, ...untracked, ...last.dirty].filter((p) => !p.startsWith('.codepakt/')));
  return Object.assign(set, { diff: sinceLast });
}
