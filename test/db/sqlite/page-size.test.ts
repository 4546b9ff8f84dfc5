import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/db/sqlite/database.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

describe('database page size', () => {
  it('a new database gets 8 KiB pages', () => {
    const db = openDatabase(join(tempDir('cpk-page-'), 'data.db'));
    open.push(db);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('an existing database keeps its 4 KiB pages and its data, and is migrated as usual', () => {
    const file = join(tempDir('cpk-page-'), 'data.db');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE keep (v TEXT); INSERT INTO keep VALUES ('still here')");
    old.close();
    const db = openDatabase(file, { mustExist: true });
    open.push(db);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.prepare('SELECT v FROM keep').pluck().get()).toBe('still here');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
