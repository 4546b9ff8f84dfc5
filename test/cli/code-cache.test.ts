import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { ROOT } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';
import { seedCompileCache } from '../../scripts/seed-code-cache.js';

// `cpk` starts its bundle from V8's code cache (src/cli/bin.ts). These check that the build leaves a
// cache V8 accepts (otherwise the start-up work would silently come back), and that a missing or
// foreign cache only costs time: the call works and writes a fresh one.

afterAll(() => removeTempDirs());
const dist = join(ROOT, 'dist');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The CLI's files in a folder of their own, so the test can damage its cache. */
function cliCopy(): string {
  const dir = tempDir('cpk-cache-');
  for (const f of ['cli.js', 'cli-main.js', 'package.json']) copyFileSync(join(dist, f), join(dir, f));
  return dir;
}
const version = (dir: string) =>
  execFileSync(process.execPath, [join(dir, 'cli.js'), '--version'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  }).trim();
/** A call that fails (nothing listens on port 9), with the given environment. */
const refusedShow = (dir: string, env: Record<string, string> = {}) => {
  try {
    execFileSync(process.execPath, [join(dir, 'cli.js'), 'task', 'show', 'T-001'], {
      cwd: tempDir('cpk-cache-cwd-'),
      env: { PATH: process.env.PATH ?? '', CPK_URL: 'http://127.0.0.1:9', CPK_TIMEOUT: '2', ...env },
      stdio: 'pipe',
    });
  } catch (err) {
    return (err as { status: number }).status;
  }
  return 0;
};
const accepted = (dir: string) =>
  !new Script(Module.wrap(readFileSync(join(dir, 'cli-main.js'), 'utf8')), {
    filename: join(dir, 'cli-main.js'),
    cachedData: readFileSync(join(dir, 'cli-main.cache')),
  }).cachedDataRejected;

describe('the CLI code cache', () => {
  it('the build writes one that V8 accepts for the bundle beside it', () => {
    expect(existsSync(join(dist, 'cli-main.cache'))).toBe(true);
    expect(accepted(dist)).toBe(true);
  });

  it('without one, a call works and leaves one behind', () => {
    const dir = cliCopy();
    expect(version(dir)).toBe(VERSION);
    expect(accepted(dir)).toBe(true);
  });

  it('a damaged or foreign one is ignored and replaced', () => {
    const dir = cliCopy();
    writeFileSync(join(dir, 'cli-main.cache'), Buffer.alloc(4096, 7));
    expect(version(dir)).toBe(VERSION);
    expect(statSync(join(dir, 'cli-main.cache')).size).not.toBe(4096);
    expect(accepted(dir)).toBe(true);
  });

  it('a call leaves an accepted cache as it is, unless CPK_CODE_CACHE=write asks it to add what it compiled', () => {
    const dir = cliCopy();
    expect(version(dir)).toBe(VERSION);
    const written = readFileSync(join(dir, 'cli-main.cache'));
    expect(refusedShow(dir)).not.toBe(0);
    expect(readFileSync(join(dir, 'cli-main.cache')).equals(written)).toBe(true);
    expect(refusedShow(dir, { CPK_CODE_CACHE: 'write' })).not.toBe(0);
    // The failed call compiled the task command and the client, which `--version` never ran.
    expect(statSync(join(dir, 'cli-main.cache')).size).toBeGreaterThan(written.length);
    expect(accepted(dir)).toBe(true);
  });

  it('the build writes it with calls answered by the built server', async () => {
    // Beside dist/, as the build's own folder is: the server bundle finds the SQLite addon in node_modules.
    const dir = `${dist}.cache-test-${process.pid}`;
    cpSync(dist, dir, { recursive: true });
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const refused = cliCopy();
    refusedShow(refused);
    const seeded = await seedCompileCache(dir);
    expect(seeded).toEqual({ answered: true });
    expect(accepted(dir)).toBe(true);
    // Answered calls compile more than a refused one (the fallback's seed): reading and printing the answer.
    expect(statSync(join(dir, 'cli-main.cache')).size).toBeGreaterThan(statSync(join(refused, 'cli-main.cache')).size);
  }, 60_000);
});
