import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { ROOT } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

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
});
