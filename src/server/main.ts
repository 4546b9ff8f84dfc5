import { getRequestListener } from '@hono/node-server';
import { setMaxListeners } from 'node:events';
import { isIP, type AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { systemClock } from '../core/clock.js';
import type { ProjectCatalog } from '../core/ports.js';
import { writeAtomically } from '../db/sqlite/registry.js';
import { SqliteCatalog } from '../db/sqlite/catalog.js';
import { VERSION } from '../version.js';
import { createApp } from './app.js';
import { createGuardedServer, openFileLimit, type ConnectionLimits } from './connections.js';
import { lockDataDir } from '../shared/data-dir-lock.js';
import { dataDir, serverFiles, type ServerInfo } from '../shared/data-dir.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../shared/defaults.js';
import { TokenBook } from './tokens/book.js';
import { collectWhenQuiet } from './quiet-collect.js';

/** `cpk server token add|list|revoke` load these from this bundle (src/cli/commands/server-token.ts). */
export { addToken, listTokens, revokeToken, TokenInputError, TokenNotFound } from './tokens/admin.js';

export interface ServerOptions {
  port: number;
  host: string;
  token?: string | undefined;
  dataDir: string;
  /** Open connections at most (default: what the open-file limit leaves room for). */
  maxConnections?: number | undefined;
  /**
   * A PostgreSQL URL: every project of this server lives in that database, which several servers may
   * share (replicas). Without it, SQLite: folder projects and hosted ones in the data dir.
   */
  database?: string | undefined;
}

/** A fresh connection has this long to send its first request head. */
const HEAD_TIMEOUT_MS = 10_000;

function connectionLimits(opts: ServerOptions): ConnectionLimits {
  // Leave descriptors for the project databases (each holds a few) and the log; past the limit,
  // accept() fails and every client is refused, well-behaved or not.
  const files = openFileLimit() ?? 1024;
  const fallback = Math.max(16, Math.min(10_000, files - Math.max(64, Math.floor(files / 8))));
  return {
    maxConnections: opts.maxConnections ?? fallback,
    headTimeoutMs: HEAD_TIMEOUT_MS,
    maxUnsentBytes: 256 * 1024,
    maxQueuedRequests: 16,
  };
}

/**
 * Only an address that cannot be reached from another machine: `localhost`, `::1` or an IPv4 literal in
 * 127.0.0.0/8. A name such as `127.0.0.1.example.com` is resolved by DNS and may point anywhere.
 */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Start listening; resolves once the port is bound. Returns a stop function that drains and closes. */
export async function startServer(opts: ServerOptions): Promise<{ info: ServerInfo; stop: () => Promise<void> }> {
  boundHeapGrowth();
  // A bad token file refuses the start, naming the file and the entry: starting without it would open the door.
  const tokens = TokenBook.open(opts.dataDir);
  const reachable = !isLoopback(opts.host);
  if (reachable && !opts.token && !tokens.guarding) {
    throw new Error(
      `Refusing to listen on ${opts.host} without a token: pass --token or set CPK_TOKEN, or add agent tokens with \`cpk server token add --agent NAME\``,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true });
  // Before anything reads or writes the data dir; held until stop (or until the process dies).
  const lock = await lockDataDir(opts.dataDir);
  const here = dirname(fileURLToPath(import.meta.url));
  const shutdown = new AbortController();
  // Every open event stream and waiting pickup listens for shutdown; the connection cap bounds them.
  setMaxListeners(0, shutdown.signal);
  // The composition root: the one place that picks the storage backend.
  const { catalog } = await openCatalog(opts).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  const dashboardDir = join(here, 'dashboard');
  const scalarScript = join(here, 'scalar.js');
  const app = createApp(
    {
      catalog,
      clock: systemClock,
      startedAt: new Date(),
      dashboardDir: existsSync(dashboardDir) ? dashboardDir : undefined,
      scalarScript: existsSync(scalarScript) ? scalarScript : undefined,
      token: opts.token,
      tokens: tokens.watch(),
      // Reachable from other machines: revoking the last token must not open the door.
      requireToken: reachable,
      shutdown: shutdown.signal,
    },
    { boundHost: opts.host },
  );

  const server = createGuardedServer(getRequestListener(app.fetch), connectionLimits(opts));
  const collector = collectWhenQuiet(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, opts)));
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    // A database's connections would keep the process alive after a failed start.
    await catalog.close().catch(() => undefined);
    lock.release();
    throw err;
  });
  const address = server.address() as AddressInfo;
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const info: ServerInfo = {
    pid: process.pid,
    port: address.port,
    host: opts.host,
    url: `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`,
    version: VERSION,
    started_at: new Date().toISOString(),
  };
  const files = serverFiles(opts.dataDir);
  writeAtomically(files.pid, `${process.pid}\n`);
  writeAtomically(files.info, `${JSON.stringify(info)}\n`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      shutdown.abort();
      tokens.close();
      collector.stop();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        const done = () => {
          removeOwnFiles(files.pid, files.info);
          lock.release();
          resolve();
        };
        catalog.close().then(done, (err: unknown) => {
          console.error('closing the project databases failed:', err);
          done();
        });
      });
      server.closeIdleConnections();
    }));
  return { info, stop };
}

/**
 * SQLite by default; PostgreSQL with `database`, whose listener tells the live feeds of other servers'
 * commits as their notices arrive (EventLog.watchOutsideCommits).
 */
async function openCatalog(opts: ServerOptions): Promise<{ catalog: ProjectCatalog }> {
  if (!opts.database) return { catalog: new SqliteCatalog(opts.dataDir, systemClock) };
  const { PostgresCatalog } = await import('../db/postgres/catalog.js');
  return { catalog: await PostgresCatalog.open(opts.database, systemClock) };
}

function removeOwnFiles(...files: string[]): void {
  for (const f of files) {
    try {
      const pid = f.endsWith('.pid')
        ? Number(readFileSync(f, 'utf8').trim())
        : (JSON.parse(readFileSync(f, 'utf8')) as ServerInfo).pid;
      if (pid === process.pid) rmSync(f, { force: true });
    } catch {
      // already gone or replaced by another server: leave it
    }
  }
}

export function optionsFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
    },
    strict: true,
  });
  // An empty environment variable counts as unset.
  const portText = values.port ?? (env.CPK_PORT || String(DEFAULT_PORT));
  const port = Number(portText);
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid port: ${portText}`);
  return {
    port,
    host: values.host || env.CPK_HOST || DEFAULT_HOST,
    token: values.token || env.CPK_TOKEN || undefined,
    dataDir: values['data-dir'] ?? dataDir(env),
    maxConnections: positiveInteger(env.CPK_MAX_CONNECTIONS, 'CPK_MAX_CONNECTIONS'),
    database: databaseUrl(values.database || env.CPK_DATABASE_URL || undefined),
  };
}

/** A PostgreSQL URL, or a start refused saying what was expected (without echoing a password). */
export function databaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(text.trim()))
    throw new Error(
      'Invalid --database (or CPK_DATABASE_URL): expected a URL such as postgres://user@host:5432/codepakt',
    );
  return text.trim();
}

function positiveInteger(text: string | undefined, name: string): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Invalid ${name}: ${text} (a positive integer)`);
  return n;
}

/** A port that cannot be had, said with the port and the way out instead of a bare EADDRINUSE. */
function listenError(err: NodeJS.ErrnoException, opts: { port: number; host: string }): Error {
  const where = `port ${opts.port} on ${opts.host}`;
  if (err.code === 'EADDRINUSE')
    return new Error(
      `Cannot listen: ${where} is already in use (another server or program); stop it, or pick another port with --port (or CPK_PORT)`,
    );
  if (err.code === 'EACCES')
    return new Error(
      `Cannot listen: ${where} is not allowed for this user; pick another port with --port (or CPK_PORT)`,
    );
  if (err.code === 'EADDRNOTAVAIL')
    return new Error(`Cannot listen: ${opts.host} is not an address of this machine; pass another --host`);
  return err;
}

/** Run in the foreground until SIGTERM/SIGINT; resolves with the exit code. */
export async function runServer(opts: ServerOptions): Promise<number> {
  // Listen for signals before the pid file announces this server, so a stop sent at once is not lost.
  let received: string | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: string) => {
    received ??= signal;
    wake?.();
  };
  // Kept for the whole drain: a repeated signal (a second Ctrl-C, a supervisor retrying) must not kill
  // the process halfway through closing its databases; the drain itself is bounded (force close at 5 s).
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const { info, stop } = await startServer(opts);
  console.log(
    `codepakt ${VERSION} listening on ${info.url} (dashboard ${info.url}/, API reference ${info.url}/reference)`,
  );
  if (received === undefined) await new Promise<void>((resolve) => (wake = resolve));
  console.log(`${received} received, draining requests`);
  await stop();
  console.log('stopped');
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
// No top-level await: the bundle is CommonJS (see scripts/build.ts).
if (invokedDirectly) {
  void (async () => {
    let code = 1;
    try {
      code = await runServer(optionsFromArgs(process.argv.slice(2)));
    } catch (err) {
      console.error((err as Error).message);
    }
    process.exit(code);
  })();
}

/**
 * V8 lets the old generation grow to several times what is live before a full collection. A batch of
 * 1,000 tasks leaves a few MiB of request-sized garbage that outlives the young generation, so loading
 * 333,000 tasks took the server to 145-150 MiB resident while ~15 MiB was live. Letting it grow to at
 * most twice what is live keeps it near 131 MiB; batch create measured the same within noise (at 1.5
 * times, ~8% slower). V8 reads the flag at every full collection, so setting it here works for
 * `--foreground` too.
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100');
}
