import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, initProject, type RunningServer } from '../helpers/processes.js';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { useServer } from '../helpers/suite.js';
import { tempDir } from '../helpers/temp.js';

// Every `cpk` call is a new process, so what it loads at start-up is most of its cost. Each trick the
// CLI uses to load less lives in one module; each check below fails when that trick stops working:
// - scripts/lazy-builtins.ts: child_process, https, net and stream load on first use, not at start-up;
// - src/cli/output.ts and src/cli/bin.ts: output goes to fd 1, and process.stdout/stderr are made only
//   when something uses them;
// - src/cli/light-globals.ts and the Request class src/cli/context.ts hands the client: no undici;
// - scripts/build.ts: the bundles are CommonJS, so no ES module is loaded;
// - src/shared/data-dir-lock.ts and src/cli/server-entry.ts: the SQLite addon and the server bundle
//   load only in the commands that need them.

interface Loaded {
  /** process.moduleLoadList: the built-in modules and bindings the process loaded. */
  modules: string[];
  /** The files loaded through require. */
  files: string[];
}

let server: RunningServer;
let project: Awaited<ReturnType<typeof initProject>>;
useServer(async (s) => {
  server = s;
  project = await initProject(s, 'start-up');
});

/** Run `cpk args` with a preload that records, as the process exits, everything it loaded. */
async function loadedBy(args: string[]): Promise<Loaded & { code: number }> {
  const dir = tempDir('cpk-start-up-');
  const probe = join(dir, 'probe.cjs');
  const out = join(dir, 'loaded.json');
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ modules: process.moduleLoadList, files: Object.keys(require.cache) })));\n`,
  );
  const res = await cpk(args, {
    cwd: project.cwd,
    env: { ...project.env, NODE_OPTIONS: `--require ${JSON.stringify(probe).slice(1, -1)}` },
  });
  return { code: res.code, ...(JSON.parse(readFileSync(out, 'utf8')) as Loaded) };
}

const builtin = (loaded: Loaded, name: string) => loaded.modules.includes(`NativeModule ${name}`);

describe('what a cpk call loads', () => {
  const calls: [string, string[]][] = [
    ['a read', ['task', 'list']],
    ['a write with a body', ['task', 'add', '--title', 'Start-up probe']],
    ['a failed call', ['task', 'show', 'T-999']],
    ['the version', ['--version']],
  ];

  it.each(calls)('%s: neither child_process nor https/tls', async (_, args) => {
    const loaded = await loadedBy(args);
    for (const name of ['child_process', 'https', 'tls', '_tls_wrap'])
      expect(builtin(loaded, name), `${args.join(' ')} loaded ${name}`).toBe(false);
  });

  it.each(calls)('%s: not undici (Node’s fetch, Headers, Request, Response)', async (_, args) => {
    const loaded = await loadedBy(args);
    expect(loaded.modules.filter((m) => m.includes('undici'))).toEqual([]);
  });

  it.each(calls)('%s: no ES module, no SQLite addon, no server bundle', async (_, args) => {
    const loaded = await loadedBy(args);
    expect(builtin(loaded, 'internal/modules/esm/module_job')).toBe(false);
    expect(loaded.files.filter((f) => /better-sqlite3|better_sqlite3|server\.js$/.test(f))).toEqual([]);
  });

  it('a call that sends no request (the version, the help) loads neither net nor stream', async () => {
    for (const args of [['--version'], ['--help']]) {
      const loaded = await loadedBy(args);
      expect(loaded.code).toBe(0);
      for (const name of ['net', 'stream'])
        expect(builtin(loaded, name), `${args.join(' ')} loaded ${name}`).toBe(false);
    }
  });

  it('the calls above did their work', async () => {
    expect((await loadedBy(['task', 'add', '--title', 'Counted'])).code).toBe(0);
    expect((await loadedBy(['task', 'show', 'T-999'])).code).toBe(1);
    expect(server.url).toMatch(/^http:/);
  });

  it('a command that needs a lazily loaded built-in gets the real one: server start spawns the server', async () => {
    const dataDir = tempDir('cpk-start-up-data-');
    const env = { CPK_DATA_DIR: dataDir, CPK_URL: '' };
    const started = await cpk(['server', 'start', '--port', '0'], { cwd: project.cwd, env });
    try {
      expect(started.code, started.stderr).toBe(0);
      expect(started.json()).toMatchObject({ status: 'started' });
      // The server process runs with the V8 options every server gets, as `npm start` gives them too.
      const { pid } = started.json() as { pid: number };
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const npmStart = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
        .start;
      for (const arg of SERVER_NODE_ARGS) {
        expect(argv).toContain(arg);
        expect(npmStart.split(' ')).toContain(arg);
      }
    } finally {
      expect((await cpk(['server', 'stop'], { cwd: project.cwd, env })).json()).toMatchObject({ status: 'stopped' });
    }
  });
});
