/** The code index file, `.codepakt/code.db`: one SQLite database per checkout, rebuilt from the tree at will. */
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { INDEX_DIR, indexPath } from './paths.js';
import { openNative } from './sqlite-native.js';

export type Db = Database.Database;

/** Bumped whenever the schema or what a scan records changes: an older file is rebuilt, never migrated. */
export const SCHEMA_VERSION = 1;

export { INDEX_DIR, INDEX_NAME, indexPath } from './paths.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  lang TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  hash TEXT NOT NULL,
  lines INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS symbols (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  exported INTEGER NOT NULL,
  parent TEXT
);
CREATE INDEX IF NOT EXISTS symbols_name ON symbols(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS symbols_file ON symbols(file_id);
CREATE TABLE IF NOT EXISTS imports (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  spec TEXT NOT NULL,
  line INTEGER NOT NULL,
  -- Python's \`from m import a, b\`: the names, some of which may be submodules (tab-separated).
  names TEXT,
  target TEXT,
  external INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS imports_file ON imports(file_id);
CREATE INDEX IF NOT EXISTS imports_target ON imports(target);
`;

/** Open for reading: a missing file is the caller's to report; never creates one. */
export function openReadOnly(file: string): Db {
  return open(file, true);
}

/** Through the addon alone when it can (see sqlite-native.ts), else through better-sqlite3. */
function open(file: string, readonly: boolean): Db {
  const { nativeBinding } = addon();
  const quick = nativeBinding ? openNative(file, readonly, nativeBinding, requireHere) : undefined;
  return quick ?? new (sqlite())(file, { readonly, fileMustExist: readonly, ...addon() });
}

const requireHere = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

/**
 * better-sqlite3, loaded when an index is opened: the query API may be imported by code every cpk
 * call loads (the MCP command), and SQLite's addon is not every call's to pay.
 */
function sqlite(): typeof Database {
  return requireHere('better-sqlite3') as typeof Database;
}

/**
 * The addon's path, found once: left to itself better-sqlite3 asks the `bindings` package, which
 * probes a dozen folders on every process start; a query is one short process.
 */
let found: { nativeBinding?: string } | undefined;

function addon(): { nativeBinding?: string } {
  found ??= (() => {
    try {
      const pkg = requireHere.resolve('better-sqlite3/package.json');
      const file = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
      return existsSync(file) ? { nativeBinding: file } : {};
    } catch {
      return {};
    }
  })();
  return found;
}

/** Open for a scan, creating the file; a file of another schema version is emptied and rebuilt. */
export function openWritable(root: string): Db {
  mkdirSync(join(root, INDEX_DIR), { recursive: true });
  keepOutOfGit(root);
  const db = open(indexPath(root), false);
  db.pragma('journal_mode = WAL');
  // A cache rebuilt from the tree at will: no fsync (a scan after an OS crash starts it again).
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version !== SCHEMA_VERSION) {
    db.exec(
      'DROP TABLE IF EXISTS symbols; DROP TABLE IF EXISTS imports; DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS meta;',
    );
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** The index is per checkout: `.codepakt/.gitignore` names it, added to what `cpk init` wrote there. */
function keepOutOfGit(root: string): void {
  const file = join(root, INDEX_DIR, '.gitignore');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (/^code\.db$/m.test(text)) return;
  const head = text && !text.endsWith('\n') ? `${text}\n` : text;
  writeFileSync(file, `${head}# The code index (cpk scan) is rebuilt per checkout\ncode.db\ncode.db-*\n`);
}
