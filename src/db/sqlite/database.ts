import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

// URI file names, read when the driver first opens a database: a read-only project folder's database
// is opened as `file:…?immutable=1` (see openReadOnlyDatabase). Our own file names are absolute paths,
// never `file:` URIs, so they mean what they did.
process.env.SQLITE_USE_URI ??= '1';

/** Migrations sit beside this module in source and beside the bundle in dist/. */
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Open a project database with durable, concurrent-safe settings; it is created (its folder must
 * exist: it is never made here, see prepareProjectFolder) unless `mustExist`, which an already
 * registered project uses so that a deleted folder is reported rather than silently recreated empty.
 */
export function openDatabase(file: string, options: { readonly?: boolean; mustExist?: boolean } = {}): Db {
  const mustExist = (options.readonly ?? false) || (options.mustExist ?? false);
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: mustExist });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    // 8 KiB pages for a new database (an existing one keeps its own: the pragma only applies to an
    // empty file): a batch of 1,000 tasks dirties half as many pages, so COMMIT writes half as many WAL
    // frames; creating tasks ran ~7% faster, pickups the same. 16 KiB made both slower.
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    // Every acknowledged write survives power loss.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // 4 MiB of page cache per open project, not better-sqlite3's 16 MiB: the server keeps every project
  // it serves open, and the hot pages (index ends, recent rows) fit; the OS page cache holds the rest.
  // At 300,000 tasks, 2 MiB created tasks ~10% slower and 8 MiB no faster.
  db.pragma('cache_size = -4000');
  migrate(db);
  // From here on short: a blocked write waits in C, stalling the event loop; longer waits back off
  // asynchronously (SqliteDatabaseHandle.write).
  db.pragma('busy_timeout = 50');
  return db;
}

/**
 * Open the database of a project whose folder is read-only, for reading. A WAL database needs its
 * `-shm` file, which cannot be created there: after a clean shutdown (no `-wal` left) nothing is
 * pending in a log, and the file is opened as immutable; with a log left, SQLite reads it in place.
 */
export function openReadOnlyDatabase(file: string): Db {
  const pendingLog = existsSync(`${file}-wal`) && existsSync(`${file}-shm`);
  const name = pendingLog ? file : `file:${file.replace(/[%?#]/g, (c) => encodeURIComponent(c))}?immutable=1`;
  const db = new Database(name, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = loadMigrations().at(-1)?.version ?? 0;
  if (version < latest) {
    db.close();
    throw Object.assign(
      new Error(
        `${file} must be migrated to this version's schema (${version} → ${latest}), which cannot be done while its folder is read-only`,
      ),
      { code: 'SQLITE_READONLY' },
    );
  }
  db.pragma('cache_size = -4000');
  return db;
}

export function migrate(db: Db, migrations = loadMigrations()): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
