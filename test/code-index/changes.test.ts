/** `scan --changed` after renames, deletions, additions and edits; ignore rules; the pre-commit hook. Real git, real cpk. */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpk } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';
import { gitIn, gitRepo, write } from './git-repo.js';

afterAll(removeTempDirs);

async function json<T>(root: string, ...args: string[]): Promise<T> {
  const res = await cpk(args, { cwd: root });
  expect(res.code, res.stderr).toBe(0);
  return res.json<T>();
}

const names = async (root: string) =>
  (await json<{ name: string; at: string }[]>(root, 'code', 'symbols', '--limit', '1000'))
    .map((s) => `${s.name}@${s.at}`)
    .sort();

describe('scan --changed', () => {
  it('follows renames, deletions, additions and edits, and resolves every import again', async () => {
    const root = gitRepo({
      'a.ts': 'export function alpha() {}\n',
      'b.ts': 'export function beta() {}\n',
      'c.ts': "import { alpha } from './a';\nimport { beta } from './b';\nexport const gamma = [alpha, beta];\n",
      'keep.ts': 'export const kept = 1;\n',
    });
    await json(root, 'scan');
    gitIn(root, 'mv', 'a.ts', 'moved.ts');
    rmSync(join(root, 'b.ts'));
    write(root, {
      'new.ts': "import { gamma } from './c';\nexport const delta = gamma;\n",
      'c.ts': "import { alpha } from './moved';\nexport const gamma2 = alpha;\n",
    });
    const report = await json<{ mode: string; parsed: number; removed: number; files: number }>(
      root,
      'scan',
      '--changed',
    );
    expect(report).toMatchObject({ mode: 'changed', parsed: 3, removed: 2, files: 4 });
    expect(await names(root)).toEqual(['alpha@moved.ts:1', 'delta@new.ts:2', 'gamma2@c.ts:2', 'kept@keep.ts:1']);
    expect(await json(root, 'code', 'dependents', '--file', 'moved.ts')).toEqual([{ at: 'c.ts:1', depth: 1 }]);
    const gone = await cpk(['code', 'dependents', '--file', 'a.ts'], { cwd: root });
    expect(gone.code).toBe(1);

    // Committed since the last scan, then a file reverted to what that scan saw as dirty.
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', 'second');
    write(root, { 'keep.ts': 'export const kept = 2;\nexport const more = 3;\n' });
    expect(await json(root, 'scan', '--changed')).toMatchObject({ parsed: 1, removed: 0 });
    gitIn(root, 'checkout', '--', 'keep.ts');
    expect(await json(root, 'scan', '--changed')).toMatchObject({ parsed: 1, mode: 'changed' });
    expect(await names(root)).toContain('kept@keep.ts:1');
    expect(await names(root)).not.toContain('more@keep.ts:2');
    // Nothing changed: nothing parsed.
    expect(await json(root, 'scan', '--changed')).toMatchObject({ parsed: 0, removed: 0 });
  });

  it('a full scan also purges files deleted behind its back and reparses only what changed', async () => {
    const root = gitRepo({
      'x.py': 'def x():\n    pass\n',
      'y.go': 'package y\n\nfunc Y() {}\n',
      'z.rs': 'pub fn z() {}\n',
    });
    expect(await json(root, 'scan')).toMatchObject({ files: 3, parsed: 3 });
    rmSync(join(root, 'y.go'));
    renameSync(join(root, 'z.rs'), join(root, 'w.rs'));
    expect(await json(root, 'scan')).toMatchObject({ files: 2, parsed: 1, removed: 2 });
    expect(await names(root)).toEqual(['x@x.py:1', 'z@w.rs:1']);
  });
});

describe('ignore rules', () => {
  const files = {
    '.gitignore': 'build/\n*.gen.ts\n!keep.gen.ts\n',
    'src/.gitignore': 'secret/\n/local.ts\n',
    '.codepaktignore': 'vendor/\n**/*.fixture.ts\n',
    'src/app.ts': 'export const app = 1;\n',
    'src/local.ts': 'export const local = 1;\n',
    'src/deep/local.ts': 'export const deepLocal = 1;\n',
    'src/secret/key.ts': 'export const key = 1;\n',
    'src/a.gen.ts': 'export const gen = 1;\n',
    'src/keep.gen.ts': 'export const keepGen = 1;\n',
    'build/out.js': 'export const out = 1;\n',
    'vendor/lib.py': 'def lib():\n    pass\n',
    'src/x.fixture.ts': 'export const fx = 1;\n',
  };
  const expected = ['app@src/app.ts:1', 'deepLocal@src/deep/local.ts:1', 'keepGen@src/keep.gen.ts:1'];

  it('in a git repository: nested .gitignore, negations, anchors, and .codepaktignore', async () => {
    const root = tempDir('cpk-code-ignore-');
    gitIn(root, 'init', '-q');
    write(root, files);
    await json(root, 'scan');
    expect(await names(root)).toEqual(expected);
  });

  it('outside git, the same rules read by the walk', async () => {
    const root = tempDir('cpk-code-ignore-plain-');
    write(root, files);
    await json(root, 'scan');
    expect(await names(root)).toEqual(expected);
  });
});

describe('the pre-commit hook', () => {
  it('installs once, keeps what the hook held, honours core.hooksPath, runs on commit, and removes cleanly', async () => {
    const root = gitRepo({ 'a.ts': 'export const a = 1;\n' });
    const first = await json<{ hook: string; changed: boolean }>(root, 'scan', '--install-hook');
    expect(first).toEqual({ hook: '.git/hooks/pre-commit', action: 'installed', changed: true });
    expect(await json(root, 'scan', '--install-hook')).toMatchObject({ changed: false });
    const hook = join(root, '.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8').match(/>>> codepakt/g)).toHaveLength(1);

    // The hook keeps the index current: a commit indexes the new file.
    await json(root, 'scan');
    write(root, { 'b.ts': 'export const b = 2;\n' });
    gitIn(root, 'add', 'b.ts');
    gitIn(root, 'commit', '-q', '-m', 'b');
    expect(await names(root)).toEqual(['a@a.ts:1', 'b@b.ts:1']);

    expect(await json(root, 'scan', '--remove-hook')).toMatchObject({ changed: true });
    expect(existsSync(hook)).toBe(false);
    expect(await json(root, 'scan', '--remove-hook')).toMatchObject({ changed: false });

    // core.hooksPath, with a hook of its own already there.
    gitIn(root, 'config', 'core.hooksPath', 'hooks');
    write(root, { 'hooks/pre-commit': '#!/bin/sh\necho own-step\n' });
    chmodSync(join(root, 'hooks/pre-commit'), 0o755);
    expect(await json(root, 'scan', '--install-hook')).toMatchObject({ hook: 'hooks/pre-commit', changed: true });
    const text = readFileSync(join(root, 'hooks/pre-commit'), 'utf8');
    expect(text.startsWith('#!/bin/sh\necho own-step\n# >>> codepakt')).toBe(true);
    await json(root, 'scan', '--remove-hook');
    expect(readFileSync(join(root, 'hooks/pre-commit'), 'utf8')).toBe('#!/bin/sh\necho own-step\n');
  });

  it('refuses outside a git repository', async () => {
    const root = tempDir('cpk-code-nogit-');
    writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
    const res = await cpk(['scan', '--install-hook'], { cwd: root });
    expect(res.code).toBe(1);
    expect(res.error().message).toMatch(/not a git repository/);
  });
});
