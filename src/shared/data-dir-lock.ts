import type BetterSqlite3 from 'better-sqlite3';
import { readFileSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serverFiles, type ServerInfo } from './data-dir.js';

/**
 * One data dir, one server: two would each rewrite projects.json with their own list and remove each
 * other's server.json. The lock is SQLite's own fcntl lock on `<dataDir>/server.lock`, held exclusively
 * for the server's life: the OS drops it when the process ends, even on SIGKILL, so a crashed server
 * never leaves a stale lock behind.
 */
export const LOCK_FILE = 'server.lock';

/** How long a starting server waits for the lock: long enough to outlast a rival's probe, short enough to refuse promptly. */
const ACQUIRE_TIMEOUT_MS = 1000;
/** How long a refused server waits for the holder to announce its pid and port, so the refusal can name them. */
const ANNOUNCE_WAIT_MS = 2000;

export interface DataDirLock {
  release(): void;
}

/** Another server holds the data dir; the message names it (pid and port) when it has announced itself. */
export class DataDirInUse extends Error {
  constructor(
    message: string,
    readonly holder: ServerInfo | undefined,
  ) {
    super(message);
    this.name = 'DataDirInUse';
  }
}

// Loaded on first use: the CLI shares this module and must not pay for the native addon on every call.
function sqlite(): typeof BetterSqlite3 {
  return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
}

function isBusy(err: unknown): boolean {
  return (
    typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY')
  );
}

/** Take the data dir for this process, or throw DataDirInUse naming the server that has it. */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const file = join(dir, LOCK_FILE);
  let db: BetterSqlite3.Database;
  try {
    db = takeLock(file);
  } catch (err) {
    if (isBusy(err)) throw await inUse(dir);
    if (!isDamaged(err)) throw cannotLock(dir, err);
    // The file holds nothing but the lock. Emptied in place, never replaced: a rival locking the same
    // inode is still refused, where a new file would give each of two servers a lock of its own.
    try {
      truncateSync(file, 0);
      db = takeLock(file);
    } catch (again) {
      throw isBusy(again) ? await inUse(dir) : cannotLock(dir, again);
    }
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function takeLock(file: string): BetterSqlite3.Database {
  const db = new (sqlite())(file, { timeout: ACQUIRE_TIMEOUT_MS });
  try {
    // In EXCLUSIVE mode the first write's lock is kept until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function isDamaged(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

function cannotLock(dir: string, err: unknown): Error {
  return new Error(`Cannot lock the data dir ${dir} (${join(dir, LOCK_FILE)}): ${(err as Error).message}`);
}

async function inUse(dir: string): Promise<DataDirInUse> {
  const holder = await announcedHolder(dir);
  return new DataDirInUse(
    holder
      ? `Another codepakt server (pid ${holder.pid}, port ${holder.port}, ${holder.url}) is using the data dir ${dir}; stop it first (cpk server stop) or pass another --data-dir`
      : `Another codepakt server is using the data dir ${dir} and is still starting (it has not written its pid and port to ${serverFiles(dir).info} yet); stop it first (cpk server stop) or pass another --data-dir`,
    holder,
  );
}

/** Whether a live server holds the data dir (for `cpk server start`, whose child was refused). */
export function dataDirLocked(dir: string): boolean {
  const Database = sqlite();
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(join(dir, LOCK_FILE), { fileMustExist: true, timeout: 0 });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (err) {
    return isBusy(err);
  } finally {
    db?.close();
  }
}

/** The holder's server.json once it is there and names a live process other than this one. */
async function announcedHolder(dir: string): Promise<ServerInfo | undefined> {
  const deadline = Date.now() + ANNOUNCE_WAIT_MS;
  for (;;) {
    const info = readLiveInfo(dir);
    if (info || Date.now() >= deadline) return info;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readLiveInfo(dir: string): ServerInfo | undefined {
  let info: ServerInfo;
  try {
    info = JSON.parse(readFileSync(serverFiles(dir).info, 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(info.pid) || info.pid <= 0 || info.pid === process.pid) return undefined;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : undefined;
  }
}
