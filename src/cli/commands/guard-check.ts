import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { components } from '../../../generated/api.js';
import { type Glob, parseGlob } from '../../core/rules/globs.js';
import { globMatchesSegments } from '../../core/rules/globs-overlap.js';
import type { HookName } from './guard-hooks.js';

export type Hold = components['schemas']['FileHold'];

/** A path a commit or push touches that another agent holds. */
export interface Refusal {
  path: string;
  hold: Hold;
  glob: string;
}

const ZERO = /^0+$/;

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const names = (out: string) => out.split('\0').filter(Boolean);

/**
 * The paths a hook is about to let through: what the commit stages (added, changed, deleted; a rename
 * as both its paths), or every path the pushed commits touch, from the refs git gives pre-push on stdin.
 */
export function touchedPaths(hook: HookName, cwd: string, stdin: string): string[] {
  if (hook === 'pre-commit')
    // Plumbing, cheaper than `git diff --cached`; before the first commit everything staged is new.
    return names(
      known(cwd, 'HEAD')
        ? git(cwd, ['diff-index', '--cached', '--name-only', '--no-renames', '-z', 'HEAD'])
        : git(cwd, ['ls-files', '-z']),
    );
  const paths = new Set<string>();
  for (const line of stdin.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || ZERO.test(localSha)) continue; // a deleted ref pushes no files
    const range =
      remoteSha && !ZERO.test(remoteSha) && known(cwd, remoteSha)
        ? [`${remoteSha}..${localSha}`]
        : [localSha, '--not', '--remotes'];
    for (const p of names(git(cwd, ['log', '--format=', '--name-only', '--no-renames', '-z', ...range])))
      paths.add(p.replace(/^\n/, ''));
  }
  return [...paths];
}

function known(cwd: string, sha: string): boolean {
  try {
    git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

export function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The touched paths that holds of agents other than `agent` cover. The globs are grouped by lead, so a
 * path is matched only against the globs whose lead is one of its folders (or empty): a push of
 * 50,000 paths costs a few map lookups each.
 */
export function refusals(paths: readonly string[], holds: readonly Hold[], agent: string | undefined): Refusal[] {
  const byLead = new Map<string, { glob: Glob; hold: Hold }[]>();
  for (const hold of holds) {
    if (agent !== undefined && hold.agent === agent) continue;
    for (const text of hold.files) {
      const glob = parseGlob(text);
      const list = byLead.get(glob.lead) ?? [];
      list.push({ glob, hold });
      byLead.set(glob.lead, list);
    }
  }
  if (byLead.size === 0) return [];
  // Most paths share no first folder with any held glob: those are passed over without splitting.
  const firsts = new Set([...byLead.keys()].map((lead) => lead.split('/')[0] ?? ''));
  const anywhere = byLead.has('');
  const out: Refusal[] = [];
  for (const path of paths) {
    const slash = path.indexOf('/');
    if (!anywhere && !firsts.has(slash < 0 ? path : path.slice(0, slash))) continue;
    const parts = path.split('/');
    let lead = '';
    for (let i = 0; i <= parts.length; i++) {
      const hit = byLead.get(lead)?.find((c) => globMatchesSegments(c.glob, parts));
      if (hit) {
        out.push({ path, hold: hit.hold, glob: hit.glob.source });
        break;
      }
      if (i < parts.length) lead = i === 0 ? (parts[0] ?? '') : `${lead}/${parts[i]}`;
    }
  }
  return out;
}

/** What the hook prints: each refused path (the first 20), who holds it until when, and how to bypass. */
export function refusalText(hook: HookName, found: readonly Refusal[], warn: boolean): string {
  const what = hook === 'pre-commit' ? 'commit' : 'push';
  const lines = found
    .slice(0, 20)
    .map(
      (r) => `  ${r.path}  held by ${r.hold.agent} (${r.hold.ref} ${r.glob}, until ${r.hold.until ?? 'no lease end'})`,
    );
  if (found.length > 20) lines.push(`  … and ${found.length - 20} more`);
  const head = warn
    ? `cpk guard: warning: this ${what} touches ${found.length} file(s) reserved by other agents:`
    : `cpk guard: refusing the ${what}: ${found.length} file(s) are reserved by other agents:`;
  const tail = warn
    ? ''
    : `\nCoordinate with the holder (cpk files list), or bypass once with CPK_GUARD=off (or git ${what} --no-verify).`;
  return `${head}\n${lines.join('\n')}${tail}\n`;
}
