import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/version.js';
import { cpk, startServer, type RunningServer } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

/** Env for `cpk` against the test server, with nothing inherited that could redirect it. */
const envFor = (s: RunningServer) => ({ CPK_URL: s.url, CPK_PORT: '', CPK_TOKEN: '', CPK_DATA_DIR: s.dataDir });

/** A port nothing listens on: bind an ephemeral one, then free it. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface InitOutput {
  project_id: string;
  name: string;
  path: string;
  url: string;
  dashboard: string;
}

describe('cpk init', () => {
  it('registers the folder and writes .codepakt/config.json {url, project_id} and .codepakt/.gitignore', async () => {
    const cwd = tempDir('cpk-init-');
    const res = await cpk(['init', '--name', 'snake'], { cwd, env: envFor(server) });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n')).toHaveLength(1); // one compact JSON line
    const out = res.json<InitOutput>();
    expect(out).toMatchObject({ name: 'snake', path: cwd, url: server.url, dashboard: `${server.url}/` });

    const config = JSON.parse(readFileSync(join(cwd, '.codepakt', 'config.json'), 'utf8')) as unknown;
    expect(config).toEqual({ url: server.url, project_id: out.project_id });
    const ignore = readFileSync(join(cwd, '.codepakt', '.gitignore'), 'utf8');
    expect(ignore).toMatch(/^data\.db$/m);
    expect(existsSync(join(cwd, '.codepakt', 'data.db'))).toBe(true);

    // The server knows the project under the same id.
    const listed = (await (await fetch(`${server.url}/api/projects/${out.project_id}`)).json()) as {
      data: { path: string };
    };
    expect(listed.data.path).toBe(cwd);
  });

  it('is idempotent: a second init keeps the same project and config', async () => {
    const cwd = tempDir('cpk-init-');
    const env = envFor(server);
    const first = (await cpk(['init'], { cwd, env })).json<InitOutput>();
    const configBefore = readFileSync(join(cwd, '.codepakt', 'config.json'), 'utf8');
    const second = await cpk(['init'], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.json<InitOutput>().project_id).toBe(first.project_id);
    expect(readFileSync(join(cwd, '.codepakt', 'config.json'), 'utf8')).toBe(configBefore);
    // The folder name is the default project name.
    expect(first.name).toBe(cwd.split('/').pop());
  });

  it('keeps a .gitignore the user edited', async () => {
    const cwd = tempDir('cpk-init-');
    mkdirSync(join(cwd, '.codepakt'));
    writeFileSync(join(cwd, '.codepakt', '.gitignore'), 'mine\n');
    expect((await cpk(['init'], { cwd, env: envFor(server) })).code).toBe(0);
    expect(readFileSync(join(cwd, '.codepakt', '.gitignore'), 'utf8')).toBe('mine\n');
  });

  it('honours CPK_PORT when CPK_URL is not set', async () => {
    const cwd = tempDir('cpk-init-');
    const res = await cpk(['init'], { cwd, env: { ...envFor(server), CPK_URL: '', CPK_PORT: String(server.port) } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<InitOutput>().url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('--human prints readable text instead of JSON', async () => {
    const cwd = tempDir('cpk-init-');
    const res = await cpk(['init', '--name', 'readable', '--human'], { cwd, env: envFor(server) });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Project readable');
    expect(res.stdout).toContain(`Dashboard: ${server.url}/`);
    expect(() => JSON.parse(res.stdout) as unknown).toThrow();
  });

  it('with the server down: exit 3, one JSON error line on stderr, nothing written', async () => {
    const cwd = tempDir('cpk-init-');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const res = await cpk(['init'], { cwd, env: { ...envFor(server), CPK_URL: url } });
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    const err = res.error();
    expect(err.error).toBe('server_unreachable');
    expect(err.message).toContain(url);
    expect(err.message).toContain('cpk server start');
    expect(existsSync(join(cwd, '.codepakt'))).toBe(false);
  });

  it('a server-side refusal is exit 1 with the server envelope', async () => {
    const withToken = await startServer({ args: ['--token', 'tkn'] });
    try {
      const cwd = tempDir('cpk-init-');
      const res = await cpk(['init'], { cwd, env: envFor(withToken) });
      expect(res.code).toBe(1);
      expect(res.error().error).toBe('unauthorized');
      const ok = await cpk(['init'], { cwd, env: { ...envFor(withToken), CPK_TOKEN: 'tkn' } });
      expect(ok.code, ok.stderr).toBe(0);
    } finally {
      await withToken.stop();
    }
  });
});

describe('cpk config', () => {
  let cwd: string;
  let projectId: string;
  beforeAll(async () => {
    cwd = tempDir('cpk-config-');
    const res = await cpk(['init', '--name', 'cfg'], { cwd, env: envFor(server) });
    projectId = res.json<InitOutput>().project_id;
  });

  it('is found from a subfolder at any depth', async () => {
    const deep = join(cwd, 'src', 'lib', 'deep');
    mkdirSync(deep, { recursive: true });
    // No CPK_URL: the url comes from the config file itself.
    const res = await cpk(['config', 'show'], { cwd: deep, env: { ...envFor(server), CPK_URL: '' } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({
      config_file: join(cwd, '.codepakt', 'config.json'),
      url: server.url,
      project_id: projectId,
      name: 'cfg',
      path: cwd,
      settings: { lease_seconds: 3600, max_attempts: 3 },
    });
  });

  it('set lease_seconds accepts durations; set max_attempts an integer; show reflects both', async () => {
    const env = envFor(server);
    const lease = await cpk(['config', 'set', 'lease_seconds', '45m'], { cwd, env });
    expect(lease.code, lease.stderr).toBe(0);
    expect(lease.json()).toMatchObject({ settings: { lease_seconds: 2700 } });
    const attempts = await cpk(['config', 'set', 'max_attempts', '5'], { cwd, env });
    expect(attempts.code, attempts.stderr).toBe(0);
    expect(attempts.json()).toMatchObject({ settings: { lease_seconds: 2700, max_attempts: 5 } });
    const show = await cpk(['config', 'show'], { cwd, env });
    expect(show.json()).toMatchObject({ settings: { lease_seconds: 2700, max_attempts: 5 } });
    // Stored on the server, in the project's own database.
    const project = (await (await fetch(`${server.url}/api/projects/${projectId}`)).json()) as {
      data: { settings: unknown };
    };
    expect(project.data.settings).toEqual({ lease_seconds: 2700, max_attempts: 5 });
  });

  it.each([
    [['bogus', '1'], 'unknown_key', 'bogus'],
    [['max_attempts', '0'], 'invalid_option', 'max_attempts'],
    [['max_attempts', 'three'], 'invalid_option', 'max_attempts'],
    [['lease_seconds', 'soon'], 'invalid_option', 'lease_seconds'],
  ])('set %j is a usage error (exit 2) naming the key', async (args, code, named) => {
    const res = await cpk(['config', 'set', ...args], { cwd, env: envFor(server) });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.error().error).toBe(code);
    expect(res.error().message).toContain(named);
  });

  it('a value the server rejects is exit 1 with the field named', async () => {
    const res = await cpk(['config', 'set', 'lease_seconds', '30d'], { cwd, env: envFor(server) });
    expect(res.code).toBe(1);
    expect(res.error()).toMatchObject({ error: 'validation_error', details: [{ path: 'settings.lease_seconds' }] });
  });

  it('set url rewrites the local config only', async () => {
    const other = tempDir('cpk-config-');
    const env = envFor(server);
    const init = (await cpk(['init'], { cwd: other, env })).json<InitOutput>();
    const res = await cpk(['config', 'set', 'url', `${server.url}/`], { cwd: other, env });
    expect(res.code).toBe(0);
    expect(JSON.parse(readFileSync(join(other, '.codepakt', 'config.json'), 'utf8'))).toEqual({
      url: server.url,
      project_id: init.project_id,
    });
  });

  it('outside any project: exit 1 telling to run cpk init', async () => {
    const res = await cpk(['config', 'show'], { cwd: tempDir('cpk-none-'), env: envFor(server) });
    expect(res.code).toBe(1);
    expect(res.error()).toMatchObject({ error: 'no_project' });
    expect(res.error().message).toContain('cpk init');
  });

  it('a broken config file is reported, not a crash', async () => {
    const broken = tempDir('cpk-broken-');
    mkdirSync(join(broken, '.codepakt'));
    writeFileSync(join(broken, '.codepakt', 'config.json'), '{"url": ');
    const res = await cpk(['config', 'show'], { cwd: broken, env: envFor(server) });
    expect(res.code).toBe(1);
    expect(res.error().error).toBe('config_invalid');
  });
});

describe('cpk usage and help', () => {
  it.each([
    [['frobnicate']],
    [['init', '--bogus']],
    [['server', 'start', '--port', 'eighty']],
    [['config', 'set', 'only-a-key']],
    [['--nope']],
  ])('%j exits 2 with one JSON line on stderr and nothing on stdout', async (args) => {
    const res = await cpk(args, {
      cwd: tempDir('cpk-usage-'),
      env: { ...envFor(server), CPK_DATA_DIR: tempDir('cpk-usage-data-') },
    });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const err = JSON.parse(lines[0]!) as { error: string; message: string };
    expect(['usage', 'invalid_option']).toContain(err.error);
    expect(err.message.length).toBeGreaterThan(0);
  });

  it('an unknown command suggests the close one', async () => {
    const res = await cpk(['inti']);
    expect(res.code).toBe(2);
    expect(res.error().message).toContain('init');
  });

  it('--help lists the commands, the environment and the exit codes', async () => {
    const res = await cpk(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['server', 'init', 'config'])
      expect(res.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(res.stdout).toContain('Exit codes:');
    for (const line of [
      /0\s+ok/,
      /1\s+rejected or failed/,
      /2\s+usage/,
      /3\s+server unreachable/,
      /4\s+nothing to pick up/,
    ]) {
      expect(res.stdout).toMatch(line);
    }
    for (const name of ['CPK_URL', 'CPK_PORT', 'CPK_DATA_DIR', 'CPK_AGENT']) expect(res.stdout).toContain(name);
  });

  it('subcommand help and --version', async () => {
    const help = await cpk(['server', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['start', 'stop', 'status', 'logs']) expect(help.stdout).toContain(sub);
    const version = await cpk(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
  });
});
