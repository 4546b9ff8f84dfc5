/**
 * The files of a checkout, as git sees them: in a git repository `git ls-files` (tracked, plus untracked
 * files no ignore rule excludes: every .gitignore, .git/info/exclude, the global excludes); elsewhere a
 * walk that reads every .gitignore itself. `.codepaktignore` files (gitignore syntax, at any level)
 * leave out more on top. `.git`, `.codepakt` and, outside git, `node_modules` are never read.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IgnoreRules } from './ignore.js';

const ALWAYS_SKIPPED = new Set(['.git', '.codepakt']);

export function isGitRepo(root: string): boolean {
  return existsSync(join(root, '.git'));
}

export function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `git` without blocking this thread: a scan does its own work meanwhile. */
export function gitAsync(root: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}

type Listing = string[] & { untracked?: Set<string> };

const LS_FILES = ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard'];

/** Every file of the checkout that no ignore rule excludes, relative to the root, sorted. */
export function listFiles(root: string): Listing {
  return sorted(isGitRepo(root) ? gitFiles(root, git(root, LS_FILES)) : walk(root));
}

/** The same, with git running beside the caller's own work. */
export async function listFilesAsync(root: string): Promise<Listing> {
  return sorted(isGitRepo(root) ? gitFiles(root, await gitAsync(root, LS_FILES)) : walk(root));
}

function sorted(paths: Listing): Listing {
  const out = paths.slice().sort() as Listing;
  if (paths.untracked) out.untracked = paths.untracked;
  return out;
}

function skipped(path: string): boolean {
  const first = path.split('/', 1)[0] ?? '';
  return ALWAYS_SKIPPED.has(first);
}

/** With `-t` each path is tagged: `?` for untracked, which a --changed scan needs too (one git call, not two). */
function gitFiles(root: string, listing: string): string[] & { untracked: Set<string> } {
  const untracked = new Set<string>();
  const out: string[] = [];
  for (const entry of listing.split('\0')) {
    const path = entry.slice(2);
    if (!path || skipped(path)) continue;
    if (entry[0] === '?') untracked.add(path);
    out.push(path);
  }
  const unique = [...new Set(out)];
  const rules = new IgnoreRules();
  const ignoreFiles = unique.filter((p) => p === '.codepaktignore' || p.endsWith('/.codepaktignore'));
  // A .codepaktignore that is itself ignored by git still counts at the root.
  if (!ignoreFiles.includes('.codepaktignore') && existsSync(join(root, '.codepaktignore')))
    ignoreFiles.push('.codepaktignore');
  for (const f of ignoreFiles.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b)))
    rules.add(f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '', readText(join(root, f)));
  const kept = rules.empty ? unique : unique.filter((p) => !rules.ignores(p));
  return Object.assign(kept, { untracked });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function walk(root: string): string[] {
  const rules = new IgnoreRules();
  const out: string[] = [];
  const visit = (dir: string) => {
    const abs = dir ? join(root, dir) : root;
    for (const name of ['.gitignore', '.codepaktignore']) {
      const text = readText(join(abs, name));
      if (text) rules.add(dir, text);
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || e.name === 'node_modules' || rules.ignores(rel, true)) continue;
        visit(rel);
      } else if (e.isFile() && !rules.ignores(rel)) out.push(rel);
    }
  };
  visit('');
  return out;
}
