import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes.js';

/**
 * Throwaway PostgreSQL clusters for the tests: initdb in a temp dir, on a free port, as the `postgres`
 * user when running as root (initdb refuses root). No vitest here: the global setup loads it too.
 */

export interface ClusterInfo {
  /** Connection URL of the cluster's `postgres` database (the admin database). */
  url: string;
  port: number;
  dataDir: string;
  bin: string;
}

/** What the global setup hands the test files (see postgres-setup.ts). */
declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ClusterInfo | null;
    postgresMissing: string;
  }
}

/** The bin folder of the newest installed PostgreSQL (`CPK_PG_BIN` overrides), or null. */
export function findPostgresBin(): string | null {
  const given = process.env.CPK_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function run(file: string, args: string[], asPostgres: boolean): Promise<string> {
  const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${basename(file)} failed: ${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const asRoot = () => process.getuid?.() === 0;

export interface Cluster extends ClusterInfo {
  /** Stop the server and remove its files. */
  stop(): Promise<void>;
  /** Stop the server, keeping its data (`immediate`: as a crash would; `fast`: as a clean shutdown). */
  halt(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Start it again on the same port, after halt. */
  resume(): Promise<void>;
}

/**
 * A new cluster in a temp dir. `durable: false` (the default) turns fsync off: fine for unit and route
 * tests, never for crash or benchmark runs.
 */
export async function startCluster(
  bin: string,
  options: { durable?: boolean; settings?: string[] } = {},
): Promise<Cluster> {
  await reapOrphans(bin);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  // Whose cluster it is: one whose owner died (a test run killed before its teardown) is reaped later.
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  const root = asRoot();
  if (root) chownSync(dir, Number(await run('/usr/bin/id', ['-u', 'postgres'], false)), 0);
  const dataDir = join(dir, 'data');
  await run(
    join(bin, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ],
    root,
  );
  const settings = [
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=300',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ...(options.settings ?? []).map((setting) => `-c ${setting}`),
  ];
  let port = 0;
  const start = () =>
    run(
      join(bin, 'pg_ctl'),
      ['-D', dataDir, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} ${settings.join(' ')}`, 'start'],
      root,
    );
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (err) {
      // Another process took the port between the probe and the start: try another.
      if (attempt >= 3) throw new Error(`${(err as Error).message}\n${logOf(dir)}`);
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    bin,
    stop: async () => {
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], root).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    halt: async (mode = 'immediate') => {
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop'], root);
    },
    resume: async () => {
      await start();
    },
  };
}

const PREFIX = 'cpk-pg-';
const OWNER_FILE = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stop and remove the clusters of test runs that died without tearing theirs down. */
async function reapOrphans(bin: string): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    const dataDir = join(dir, 'data');
    if (existsSync(join(dataDir, 'postmaster.pid')))
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asRoot()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function logOf(dir: string): string {
  try {
    return readFileSync(join(dir, 'log'), 'utf8');
  } catch {
    return '';
  }
}

/** `fn` on a connection of its own to `url`, closed afterwards whatever `fn` did. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
