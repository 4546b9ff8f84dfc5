/**
 * `cpk scan --install-hook` / `--remove-hook`: a marked block in the git pre-commit hook that keeps the
 * index current (`cpk scan --changed`, never failing the commit). The hooks folder is the one git uses
 * (core.hooksPath honoured); installing twice leaves one block, removing leaves the rest of the hook as
 * it was (and deletes a hook file that held nothing else).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { git, isGitRepo } from './files.js';

const BEGIN = '# >>> codepakt: keep the code index current (cpk scan --install-hook) >>>';
const END = '# <<< codepakt <<<';

export interface HookResult {
  /** The hook file, relative to the repository root when inside it. */
  hook: string;
  action: 'installed' | 'removed';
  /** False when it already was so. */
  changed: boolean;
}

export class HookError extends Error {}

function hookFile(root: string): string {
  if (!isGitRepo(root)) throw new HookError(`${root} is not a git repository: there is no pre-commit hook to manage`);
  const path = git(root, ['rev-parse', '--git-path', 'hooks/pre-commit']).trim();
  return isAbsolute(path) ? path : join(root, path);
}

function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel.split('\\').join('/');
}

/** The shell lines of the block: the `cpk` on PATH, else the one that installed the hook. */
function block(): string {
  const cli = process.argv[1] ?? '';
  const fallback =
    cli && existsSync(cli)
      ? `elif [ -f ${sh(cli)} ]; then ${sh(process.execPath)} ${sh(cli)} scan --changed >/dev/null 2>&1 || true\n`
      : '';
  return `${BEGIN}\nif command -v cpk >/dev/null 2>&1; then cpk scan --changed >/dev/null 2>&1 || true\n${fallback}fi\n${END}\n`;
}

function sh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function without(text: string): string {
  const start = text.indexOf(BEGIN);
  if (start < 0) return text;
  const end = text.indexOf(END, start);
  const stop = end < 0 ? text.length : end + END.length + (text[end + END.length] === '\n' ? 1 : 0);
  return text.slice(0, start) + text.slice(stop);
}

export function installHook(root: string): HookResult {
  const file = hookFile(root);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const base = without(before) || '#!/bin/sh\n';
  const after = `${base.endsWith('\n') ? base : `${base}\n`}${block()}`;
  const changed = after !== before;
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, after);
  }
  chmodSync(file, 0o755);
  return { hook: shown(root, file), action: 'installed', changed };
}

export function removeHook(root: string): HookResult {
  const file = hookFile(root);
  if (!existsSync(file)) return { hook: shown(root, file), action: 'removed', changed: false };
  const before = readFileSync(file, 'utf8');
  const after = without(before);
  if (after === before) return { hook: shown(root, file), action: 'removed', changed: false };
  if (/^(#![^\n]*\n)?\s*$/.test(after)) rmSync(file);
  else writeFileSync(file, after);
  return { hook: shown(root, file), action: 'removed', changed: true };
}
