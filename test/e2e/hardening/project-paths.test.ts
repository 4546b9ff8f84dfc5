import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { expectEnvelope, type Envelope } from './http.js';

/** Folders mounted by this file (read-only bind mounts, a tmpfs), unmounted at the end. */
const mounts: string[] = [];
let s: RunningServer;
let roDir: string;
let tmpfsDir: string;

beforeAll(async () => {
  s = await startServer({ env: { CPK_TOKEN: '' } });
  roDir = tempDir('cpk-ro-');
  execFileSync('mount', ['--bind', roDir, roDir]);
  mounts.push(roDir);
  execFileSync('mount', ['-o', 'remount,ro,bind', roDir]);
  tmpfsDir = tempDir('cpk-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', tmpfsDir]);
  mounts.push(tmpfsDir);
});

afterAll(async () => {
  await s?.stop();
  for (const m of mounts.reverse()) execFileSync('umount', [m]);
  removeTempDirs();
});

/** Register `path` while /health is asked every 50 ms: the answer must come, and /health must keep answering. */
async function registerWatchingHealth(
  path: string,
): Promise<{ status: number; body: Envelope; slowestHealthMs: number }> {
  let done = false;
  let slowest = 0;
  const health = (async () => {
    while (!done) {
      const started = Date.now();
      const res = await fetch(`${s.url}/health`, { signal: AbortSignal.timeout(2000) });
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const res = await fetch(`${s.url}/api/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'p', path }),
      signal: AbortSignal.timeout(5000),
    });
    // Let /health be asked at least once more after the answer.
    await new Promise((r) => setTimeout(r, 120));
    return { status: res.status, body: (await res.json()) as Envelope, slowestHealthMs: slowest };
  } finally {
    done = true;
    await health;
  }
}

async function expectRefused(path: string, reason: RegExp): Promise<void> {
  const { status, body, slowestHealthMs } = await registerWatchingHealth(path);
  expect(status, JSON.stringify(body)).toBe(400);
  expectEnvelope(body, 'validation_error');
  expect(body.message).toContain(path);
  expect(body.message).toMatch(reason);
  expect(body.details?.[0]?.path).toBe('path');
  expect(slowestHealthMs).toBeLessThan(1000);
  expect(s.child.exitCode).toBeNull();
}

describe('a project path that cannot hold a project: 400 naming it and why, and the server keeps answering', () => {
  it('/proc (once spun a recursive mkdir forever, holding every request)', async () => {
    await expectRefused('/proc', /virtual file system \(proc\)/);
    await expectRefused('/proc/self', /virtual file system \(proc\)/);
  });

  it('/sys/kernel (answered 500)', async () => {
    await expectRefused('/sys/kernel', /virtual file system \(sysfs\)/);
  });

  it('/dev (devtmpfs, which reports the same statfs magic as tmpfs)', async () => {
    await expectRefused('/dev', /virtual file system \(devtmpfs\)/);
    await expectRefused('/dev/pts', /virtual file system \(devpts\)/);
  });

  it('a FIFO, a file, a character device', async () => {
    const dir = tempDir('cpk-paths-');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expectRefused(fifo, /not a directory \(a FIFO\)/);
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'hello');
    await expectRefused(file, /not a directory \(a file\)/);
    await expectRefused(join(file, 'below'), /not a directory/);
    await expectRefused('/dev/null', /not a directory|virtual file system/);
  });

  it('a symlink loop, and a path that does not exist', async () => {
    const dir = tempDir('cpk-paths-');
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    await expectRefused(join(dir, 'a'), /symlink loop/);
    await expectRefused(join(dir, 'missing'), /does not exist/);
  });

  it('a read-only directory (a read-only mount, which stops root too)', async () => {
    await expectRefused(roDir, /not writable/);
    expect(existsSync(join(roDir, '.codepakt'))).toBe(false);
    // `cpk init` there says the same, as a failure naming the folder.
    const init = await cpk(['init', '--name', 'ro'], { cwd: roDir, env: { CPK_URL: s.url, CPK_DATA_DIR: s.dataDir } });
    expect(init.code).not.toBe(0);
    expect(init.stderr).toContain(roDir);
  });

  it('a FIFO where the database would be', async () => {
    const dir = tempDir('cpk-paths-');
    mkdirSync(join(dir, '.codepakt'));
    execFileSync('mkfifo', [join(dir, '.codepakt', 'data.db')]);
    await expectRefused(dir, /not a regular file \(a FIFO\)/);
  });

  it('ordinary folders still register: on disk, on a plain tmpfs, through a symlink', async () => {
    const onDisk = tempDir('cpk-paths-ok-');
    const linked = join(tempDir('cpk-paths-'), 'link');
    symlinkSync(onDisk, linked);
    const ids: string[] = [];
    for (const path of [onDisk, tmpfsDir, linked]) {
      const { status, body } = await registerWatchingHealth(path);
      expect([200, 201], JSON.stringify(body)).toContain(status);
      ids.push((body as unknown as { data: { id: string } }).data.id);
    }
    // Through the symlink it is the same folder, so the same project.
    expect(ids[2]).toBe(ids[0]);
    const list = (await (await fetch(`${s.url}/api/projects`)).json()) as {
      data: { path: string; unavailable?: string }[];
    };
    expect(list.data.map((p) => p.path)).toEqual(expect.arrayContaining([onDisk, tmpfsDir]));
    expect(list.data.every((p) => p.unavailable === undefined)).toBe(true);
  });
});
