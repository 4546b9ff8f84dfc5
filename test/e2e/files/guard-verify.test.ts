import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cpk, initProject, type RunningServer, startServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

/** The git guard in a real repository with real git and hooks, and verify before done, through real cpk. */

let server: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv };

beforeAll(async () => {
  server = await startServer();
  project = await initProject(server, 'guard');
  git(['init', '-q']);
  git(['config', 'user.email', 't@example.com']);
  git(['config', 'user.name', 'T']);
});

afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

function git(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd: project.cwd,
    env: { ...process.env, ...project.env, ...env },
    encoding: 'utf8',
  });
}

/** A commit through real git (its hooks run): exit status and what it printed. */
function commit(file: string, agent: string, env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  mkdirSync(join(project.cwd, file, '..'), { recursive: true });
  writeFileSync(join(project.cwd, file), `${Math.random()}\n`);
  git(['add', file]);
  const r = spawnSync('git', ['commit', '-q', '-m', `edit ${file}`], {
    cwd: project.cwd,
    env: { ...process.env, ...project.env, CPK_AGENT: agent, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) git(['reset', '-q']);
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

const run = (args: string[], agent?: string) =>
  cpk(args, { cwd: project.cwd, env: { ...project.env, ...(agent ? { CPK_AGENT: agent } : {}) } });

describe('cpk guard', () => {
  it('refuses a commit of files another agent holds; allows the holder, bypass by env, warn mode', async () => {
    const installed = await run(['guard', '--install']);
    expect(installed.json()).toMatchObject({ installed: [{ action: 'created' }, { action: 'created' }] });
    expect((await run(['files', 'reserve', 'src/core/**'], 'ann')).code).toBe(0);
    const refused = commit('src/core/a.ts', 'bob');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('refusing the commit: 1 file(s) are reserved by other agents');
    expect(refused.out).toMatch(/src\/core\/a\.ts {2}held by ann \(R-1 src\/core\/\*\*, until /);
    expect(commit('src/core/a.ts', 'ann').code).toBe(0);
    expect(commit('src/other.ts', 'bob').code).toBe(0);
    expect(commit('src/core/b.ts', 'bob', { CPK_GUARD: 'off' }).code).toBe(0);
    const warned = commit('src/core/c.ts', 'bob', { CPK_GUARD: 'warn' });
    expect(warned.code).toBe(0);
    expect(warned.out).toContain('warning: this commit touches 1 file(s) reserved by other agents');
    // A task's live claim holds its files the same way.
    await run(['task', 'add', '-t', 'docs', '--files', 'docs/']);
    expect((await run(['task', 'pickup'], 'cat')).code).toBe(0);
    expect(commit('docs/x/y.md', 'bob').out).toMatch(/held by cat \(T-001 docs\/\*\*, until /);
    expect((await run(['guard'])).json()).toMatchObject({ hooks: [{ installed: true }, { installed: true }] });
  });

  it('chains an existing hook, honours core.hooksPath, refuses a push of reserved files, uninstalls cleanly', async () => {
    const hooks = join(project.cwd, '.hooks');
    mkdirSync(hooks, { recursive: true });
    git(['config', 'core.hooksPath', '.hooks']);
    const marker = join(project.cwd, 'chained.log');
    writeFileSync(join(hooks, 'pre-commit'), `#!/bin/sh\necho ran >> ${marker}\n`);
    chmodSync(join(hooks, 'pre-commit'), 0o755);
    writeFileSync(
      join(hooks, 'pre-push'),
      `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(marker)}, 'push ' + require('fs').readFileSync(0, 'utf8').split(' ')[0] + '\\n');\n`,
    );
    chmodSync(join(hooks, 'pre-push'), 0o755);
    const installed = (await run(['guard', '--install', '--warn'])).json<{
      installed: { action: string; file: string }[];
    }>();
    expect(installed.installed.map((h) => [h.action, h.file])).toEqual([
      ['added', join(hooks, 'pre-commit')],
      ['chained', join(hooks, 'pre-push')],
    ]);
    // Warn mode: the commit goes through, the existing hook still runs.
    expect(commit('src/core/d.ts', 'bob').out).toContain('warning:');
    expect(readFileSync(marker, 'utf8')).toContain('ran');
    // Installed again without --warn: the block is replaced, not repeated.
    expect((await run(['guard', '--install'])).json()).toMatchObject({
      installed: [{ action: 'updated' }, { action: 'updated' }],
    });
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8').match(/>>> cpk guard >>>/g)).toHaveLength(1);
    // A push of a commit touching reserved files, to a bare remote.
    const remote = join(project.cwd, '..', `remote-${Date.now()}.git`);
    execFileSync('git', ['init', '-q', '--bare', remote]);
    git(['remote', 'add', 'origin', remote]);
    git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--allow-empty', '-m', 'base']);
    writeFileSync(join(project.cwd, 'src/core/e.ts'), 'x\n');
    git(['add', 'src/core/e.ts']);
    git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'reserved edit']);
    let pushed: { code: number; out: string };
    try {
      execFileSync('git', ['push', '-q', 'origin', 'HEAD:refs/heads/main'], {
        cwd: project.cwd,
        env: { ...process.env, ...project.env, CPK_AGENT: 'bob' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      pushed = { code: 0, out: '' };
    } catch (err) {
      pushed = { code: (err as { status: number }).status, out: (err as { stderr: Buffer }).stderr.toString() };
    }
    expect(pushed.code).not.toBe(0);
    expect(pushed.out).toContain('refusing the push');
    // The chained hook got git's refs on its stdin after the check read them.
    execFileSync('git', ['push', '-q', 'origin', 'HEAD:refs/heads/main'], {
      cwd: project.cwd,
      env: { ...process.env, ...project.env, CPK_AGENT: 'ann' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(readFileSync(marker, 'utf8')).toMatch(/push refs\/heads\/main|push HEAD/);
    expect((await run(['guard', '--uninstall'])).code).toBe(0);
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toBe(`#!/bin/sh\necho ran >> ${marker}\n`);
    expect(readFileSync(join(hooks, 'pre-push'), 'utf8')).toContain('#!/usr/bin/env node');
    git(['config', '--unset', 'core.hooksPath']);
  });

  it('lets the commit through, saying so, when the board cannot be reached', async () => {
    await run(['guard', '--install']);
    const out = commit('src/core/f.ts', 'bob', { CPK_URL: 'http://127.0.0.1:9' });
    expect(out.code).toBe(0);
    expect(readFileSync(join(project.cwd, '.git/hooks/pre-commit'), 'utf8')).toContain(CLI);
  });
});

describe('verify before done', () => {
  async function claimed(verify: string): Promise<string> {
    const made = await run(['task', 'add', '-t', `verify ${verify}`, '--verify', verify]);
    const n = made.json<{ task_number: string }>().task_number;
    expect((await run(['task', 'pickup', '--id', n], 'vic')).code).toBe(0);
    return n;
  }

  it('a passing verify reports done and records the result; task show shows it', async () => {
    const n = await claimed('echo checking; echo all good');
    const done = await run(['task', 'done', n], 'vic');
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ status: 'review', verify: { status: 'passed' } });
    const shown = (await run(['task', 'show', n])).json<{ verify_result: Record<string, unknown> }>();
    expect(shown.verify_result).toMatchObject({
      status: 'passed',
      exit_code: 0,
      output_tail: 'checking\nall good',
      by: 'vic',
    });
    expect((await run(['task', 'show', n, '--human'])).stdout).toMatch(/Verify passed \(exit 0\) in \d+\.\d s, by vic/);
  });

  it('a failing verify does not report done: exit 1, the tail of its output', async () => {
    const n = await claimed('echo first; echo the last line >&2; exit 3');
    const done = await run(['task', 'done', n], 'vic');
    expect(done.code).toBe(1);
    expect(done.error()).toMatchObject({ error: 'verify_failed', details: { status: 'failed', exit_code: 3 } });
    expect(done.error().message).toContain('the last line');
    expect((await run(['task', 'show', n])).json()).toMatchObject({ status: 'in-progress' });
    const skipped = await run(['task', 'done', n, '--no-verify'], 'vic');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('verify skipped (--no-verify)');
    expect((await run(['task', 'show', n])).json()).toMatchObject({
      status: 'review',
      verify_result: { status: 'skipped' },
    });
  });

  it('a verify that outlives its timeout is stopped, with everything it started, and not reported', async () => {
    const n = await claimed('sleep 30 & sleep 30; echo never');
    const started = Date.now();
    const done = await run(['task', 'done', n, '--verify-timeout', '2s'], 'vic');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(done.code).toBe(1);
    expect(done.error()).toMatchObject({ error: 'verify_failed', details: { status: 'timed_out', exit_code: null } });
    expect(done.error().message).toContain('timed out after 2 s');
    expect((await run(['task', 'show', n])).json()).toMatchObject({ status: 'in-progress' });
  });
});
