import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../output.js';

/**
 * The git hooks of `cpk guard --install`: a marked block in pre-commit and pre-push, in the hooks folder
 * git really uses (core.hooksPath included). A shell hook already there keeps its content, the block
 * going right after its first line; any other hook (Python, a binary) is moved aside to
 * `<hook>.cpk-chained` and run by a small shell hook after the block. Removing the block (or the hook
 * that only held it, putting the chained one back) is `--uninstall`.
 */

export const HOOKS = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOKS)[number];

const BEGIN = '# >>> cpk guard >>> (managed by `cpk guard --install`; `cpk guard --uninstall` removes it)';
const END = '# <<< cpk guard <<<';
const CHAINED = '.cpk-chained';

/** The hooks folder git runs hooks from in the repository around `cwd`. */
export function hooksDir(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch {
    throw new CliError(EXIT.failed, 'not_a_repository', `${cwd} is not inside a git repository`);
  }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** How the hook starts this cpk: the same node and script, by absolute path (hooks run with a bare PATH). */
export function cpkCommand(): string {
  return `${quote(process.execPath)} ${quote(resolve(process.argv[1] ?? 'cpk'))}`;
}

export function hookBlock(hook: HookName, cpk: string, warn: boolean): string {
  const check = `${cpk} guard --check ${hook}${warn ? ' --warn' : ''}`;
  const body =
    hook === 'pre-commit'
      ? [`  ${check} || exit 1`]
      : [
          // git hands pre-push its refs on stdin: kept for the check and given again to what follows.
          '  cpk_guard_in=$(mktemp) || exit 1',
          '  cat > "$cpk_guard_in"',
          `  ${check} < "$cpk_guard_in" || { rm -f "$cpk_guard_in"; exit 1; }`,
          '  exec < "$cpk_guard_in"',
          '  rm -f "$cpk_guard_in"',
        ];
  return [BEGIN, 'if [ "${CPK_GUARD:-}" != "off" ]; then', ...body, 'fi', END].join('\n');
}

function isShell(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  return !first.startsWith('#!') || /^#!\s*(\/usr)?\/bin\/(env\s+)?(ba|da|z|k)?sh\b/.test(first);
}

function withoutBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return text;
  return text.slice(0, start) + text.slice(end + END.length).replace(/^\n/, '');
}

export interface HookChange {
  hook: HookName;
  file: string;
  action: 'created' | 'added' | 'updated' | 'chained' | 'removed' | 'unchanged';
}

/** Add (or refresh) the block in each hook. */
export function installHooks(cwd: string, opts: { warn: boolean; cpk?: string }): HookChange[] {
  const dir = hooksDir(cwd);
  mkdirSync(dir, { recursive: true });
  return HOOKS.map((hook) => {
    const file = join(dir, hook);
    const block = hookBlock(hook, opts.cpk ?? cpkCommand(), opts.warn);
    let action: HookChange['action'];
    let text: string;
    if (!existsSync(file)) {
      text = `#!/bin/sh\n${block}\n`;
      action = 'created';
    } else {
      const old = readFileSync(file, 'utf8');
      if (old.includes(BEGIN)) {
        text = insertAfterFirstLine(withoutBlock(old), block);
        action = text === old ? 'unchanged' : 'updated';
      } else if (isShell(old)) {
        text = insertAfterFirstLine(old, block);
        action = 'added';
      } else {
        renameSync(file, `${file}${CHAINED}`);
        text = `#!/bin/sh\n${block}\nexec "$0${CHAINED}" "$@"\n`;
        action = 'chained';
      }
    }
    writeFileSync(file, text);
    chmodSync(file, 0o755);
    return { hook, file, action };
  });
}

function insertAfterFirstLine(text: string, block: string): string {
  if (!text.startsWith('#!')) return `#!/bin/sh\n${block}\n${text}`;
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  return `${first}\n${block}\n${rest}`;
}

/** Take the block out again; a hook that held nothing else is removed (a chained one put back). */
export function uninstallHooks(cwd: string): HookChange[] {
  const dir = hooksDir(cwd);
  return HOOKS.map((hook) => {
    const file = join(dir, hook);
    if (!existsSync(file)) return { hook, file, action: 'unchanged' };
    const old = readFileSync(file, 'utf8');
    if (!old.includes(BEGIN)) return { hook, file, action: 'unchanged' };
    const rest = withoutBlock(old);
    if (existsSync(`${file}${CHAINED}`) && rest.includes(`exec "$0${CHAINED}"`)) {
      rmSync(file);
      renameSync(`${file}${CHAINED}`, file);
    } else if (rest.replace(/^#!.*\n?/, '').trim() === '') rmSync(file);
    else writeFileSync(file, rest);
    return { hook, file, action: 'removed' };
  });
}

/** Whether each hook holds the block. */
export function hookStatus(cwd: string): { hook: HookName; file: string; installed: boolean; warn: boolean }[] {
  const dir = hooksDir(cwd);
  return HOOKS.map((hook) => {
    const file = join(dir, hook);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const block = text.includes(BEGIN) ? text.slice(text.indexOf(BEGIN), text.indexOf(END)) : '';
    return { hook, file, installed: block !== '', warn: block.includes('--warn') };
  });
}
