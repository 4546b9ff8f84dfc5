import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/db/sqlite/database.js';
import { GroupCommit } from '../../../src/db/sqlite/group-commit.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

/** The group commit suites' database: a real file, a second connection, and commits counted. */

const open: Db[] = [];

/** For afterEach: close what setup opened and remove its files. */
export function closeAll(): void {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
}

export type Sync = (done: (err: Error | null) => void) => void;

export function setup(options: { maxGroup?: number; lockWaitMs?: number; sync?: Sync } = {}) {
  const file = join(tempDir('cpk-group-'), 'data.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const other = new Database(file);
  other.pragma('busy_timeout = 0');
  open.push(db, other);
  // Counts the group transactions (BEGIN IMMEDIATE) that committed, and those that did not.
  let commits = 0;
  let rollbacks = 0;
  const counted = Object.create(db) as Db;
  counted.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const tx = db.transaction(fn);
    return Object.assign((...a: unknown[]) => tx(...a), {
      immediate: (...a: unknown[]) => {
        try {
          const result = tx.immediate(...a);
          commits++;
          return result;
        } catch (err) {
          rollbacks++;
          throw err;
        }
      },
    });
  }) as unknown as Db['transaction'];
  const group = new GroupCommit(counted, {
    maxGroup: options.maxGroup ?? 32,
    lockWaitMs: options.lockWaitMs ?? 2000,
    ...(options.sync ? { sync: options.sync } : {}),
  });
  const insert = (k: number, v = `v${k}`) => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v);
  const seenByOther = () => (other.prepare('SELECT k FROM t ORDER BY k').all() as { k: number }[]).map((r) => r.k);
  return { db, other, group, insert, seenByOther, commits: () => commits, rollbacks: () => rollbacks };
}
