import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/db/sqlite/database.js';
import { WalSync } from '../../../src/db/sqlite/wal-sync.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const syncOf = (wal: WalSync) => new Promise<Error | null>((resolve) => wal.sync(resolve));

describe('WalSync', () => {
  it('takes over the fsync of a WAL database: COMMIT stops waiting for the disk, the sync makes it durable', async () => {
    const db = openDatabase(join(tempDir('cpk-wal-'), 'data.db'));
    open.push(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL until a WalSync takes over
    const wal = WalSync.adopt(db);
    expect(wal).toBeDefined();
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(existsSync(`${db.name}-wal`)).toBe(true);
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY)');
    db.prepare('INSERT INTO t (k) VALUES (1)').run();
    expect(await syncOf(wal!)).toBeNull();
    wal!.close();
    expect((await syncOf(wal!))?.message).toMatch(/closed/);
  });

  it('a close while a sync is under way waits for it instead of pulling the descriptor away', async () => {
    const db = openDatabase(join(tempDir('cpk-wal-'), 'data.db'));
    open.push(db);
    const wal = WalSync.adopt(db)!;
    const during = syncOf(wal);
    wal.close();
    expect(await during).toBeNull();
  });

  it('leaves a database that is not in WAL mode syncing inside COMMIT', () => {
    const file = join(tempDir('cpk-wal-'), 'rollback.db');
    const db = new Database(file);
    open.push(db);
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    expect(WalSync.adopt(db)).toBeUndefined();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const memory = new Database(':memory:');
    open.push(memory);
    expect(WalSync.adopt(memory)).toBeUndefined();
  });
});
