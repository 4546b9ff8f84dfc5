/**
 * Opening the index for a query without better-sqlite3's JavaScript side: a `cpk code` call is one short
 * process, and requiring that package's dozen modules (resolved, read and compiled on every start) cost
 * a query a tenth of its time. A query needs only what its native addon does itself: open read-only,
 * prepare, and statements' get/all. The addon is told of better-sqlite3's own error class, as the
 * package does, so errors are the same whichever side opened a database first. An addon of another
 * shape (a future version) is opened through the package as usual.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

interface NativeStatement {
  pluck(on?: boolean): NativeStatement;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface NativeDatabase {
  prepare(sql: string, owner: unknown, pragma: boolean): NativeStatement;
  close(): void;
}

interface Addon {
  Database: new (
    filename: string,
    given: string,
    anonymous: boolean,
    readonly: boolean,
    fileMustExist: boolean,
    timeout: number,
    verbose: null,
    buffer: null,
  ) => NativeDatabase;
  setErrorConstructor(ctor: unknown): void;
  isInitialized?: boolean;
}

/**
 * `file` opened read-only through the addon at `addonFile`; undefined when the addon does not look as
 * expected. `requireFrom` resolves better-sqlite3's own files.
 */
export function openNativeReadOnly(file: string, addonFile: string, requireFrom: NodeJS.Require): Db | undefined {
  let addon: Addon;
  try {
    addon = requireFrom(addonFile) as Addon;
  } catch {
    return undefined;
  }
  if (typeof addon.Database !== 'function' || typeof addon.setErrorConstructor !== 'function') return undefined;
  if (!addon.isInitialized) {
    addon.setErrorConstructor(requireFrom('better-sqlite3/lib/sqlite-error'));
    addon.isInitialized = true;
  }
  const native = new addon.Database(file, file, false, true, true, 5000, null, null);
  const db = {
    prepare: (sql: string) => native.prepare(sql, db, false),
    pragma: (source: string, options?: { simple?: boolean }) => {
      const stmt = native.prepare(`PRAGMA ${source}`, db, true);
      return options?.simple ? stmt.pluck().get() : stmt.all();
    },
    close: () => {
      native.close();
      return db;
    },
  };
  return db as unknown as Db;
}
