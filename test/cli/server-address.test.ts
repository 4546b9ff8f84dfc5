import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, freePort, startServer, type RunningServer } from '../helpers/processes.js';
import { useServer } from '../helpers/suite.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
useServer((s) => {
  server = s;
});

/** No CPK_URL, no CPK_PORT: only the data dir says where the server runs. */
const localEnv = () => ({ CPK_URL: '', CPK_PORT: '', CPK_DATA_DIR: server.dataDir });

describe('finding the server', () => {
  it('with no address configured, cpk uses the server its data dir records (on whatever port)', async () => {
    const cwd = tempDir('cpk-addr-');
    const init = await cpk(['init', '--name', 'addr'], { cwd, env: localEnv() });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json<{ url: string }>().url).toBe(server.url);
    const config = JSON.parse(readFileSync(join(cwd, '.codepakt', 'config.json'), 'utf8')) as { url: string };
    expect(config.url).toBe(server.url);
    expect((await cpk(['task', 'list'], { cwd, env: localEnv() })).code).toBe(0);
  });

  it('a configured address that does not answer names where the local server runs, and how to point there', async () => {
    const cwd = tempDir('cpk-addr-');
    expect((await cpk(['init', '--name', 'moved'], { cwd, env: localEnv() })).code).toBe(0);
    const file = join(cwd, '.codepakt', 'config.json');
    const dead = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), url: dead }));
    const res = await cpk(['task', 'list'], { cwd, env: localEnv() });
    expect(res.code).toBe(3);
    const err = res.error();
    expect(err.error).toBe('server_unreachable');
    expect(err.message).toContain(dead);
    expect(err.message).toContain(
      `runs at ${server.url} (\`cpk config set url ${server.url}\` points this project there)`,
    );
    // With no local server recorded, the advice is to start one.
    const none = await cpk(['task', 'list'], { cwd, env: { ...localEnv(), CPK_DATA_DIR: tempDir('cpk-addr-empty-') } });
    expect(none.code).toBe(3);
    expect(none.error().message).toContain('cpk server start');
  });

  it('a server that does not know the project says that cpk init re-attaches it, and it does', async () => {
    const cwd = tempDir('cpk-addr-');
    expect((await cpk(['init', '--name', 'wanderer'], { cwd, env: localEnv() })).code).toBe(0);
    expect((await cpk(['task', 'add', '--title', 'Survives the move'], { cwd, env: localEnv() })).code).toBe(0);
    const other = await startServer();
    try {
      const env = { CPK_URL: other.url, CPK_DATA_DIR: other.dataDir };
      const lost = await cpk(['task', 'list'], { cwd, env });
      expect(lost.code).toBe(1);
      expect(lost.error().error).toBe('project_not_found');
      expect(lost.error().message).toMatch(
        /^No project with id \S+: the server at .* does not know this project .*`cpk init` in the project folder re-attaches it/,
      );
      const again = await cpk(['init'], { cwd, env });
      expect(again.code, again.stderr).toBe(0);
      const tasks = (await cpk(['task', 'list'], { cwd, env })).json<{ title: string }[]>();
      expect(tasks.map((t) => t.title)).toEqual(['Survives the move']);
    } finally {
      await other.stop();
    }
  });
});
