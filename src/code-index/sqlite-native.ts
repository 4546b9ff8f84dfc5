/**
 * Opening the index without better-sqlite3's JavaScript side: a `cpk code` call is one short process,
 * and requiring that package's dozen modules (resolved, read and compiled on every start) cost a query
 * a tenth of its time. The index needs only what the native addon does itself: open, prepare, exec,
 * and statements' get/all/run. The addon is told of better-sqlite3's own error class, as the
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
  exec(sql: string): void;
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
 * `file` opened through the addon at `addonFile` (read-only: it must exist; else created when missing);
 * undefined when the addon does not look as expected. `requireFrom` resolves better-sqlite3's own files.
 * What it returns has prepare, exec, pragma and close; nothing else of better-sqlite3's Database.
 */
export function openNative(
  file: string,
  readonly: boolean,
  addonFile: string,
  requireFrom: NodeJS.Require,
): Db | undefined {
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
  const native = new addon.Database(file, file, false, readonly, readonly, 5000, null, null);
  const db = {
    prepare: (sql: string) => native.prepare(sql, db, false),
    pragma: (source: string, options?: { simple?: boolean }) => {
      const stmt = native.prepare(`PRAGMA ${source}`, db, true);
      return options?.simple ? stmt.pluck().get() : stmt.all();
    },
    exec: (sql: string) => {
      native.exec(sql);
      return db;
    },
    close: () => {
      native.close();
      return db;
    },
  };
  return db as unknown as Db;
}
