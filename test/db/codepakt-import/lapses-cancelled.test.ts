import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../../src/db/sqlite/database.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

describe('migration 0005 (lapses, cancelled, client keys)', () => {
  it('keeps every task of a version-4 database and its indexes; new columns start empty', () => {
    const db = new Database(join(tempDir('cpk-mig-'), 'data.db'));
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.version <= 4),
    );
    db.prepare(
      `INSERT INTO tasks (id, number, title, status, priority, attempts, lease_expires_at, lease_seconds, created_at, updated_at, deps_met)
       VALUES ('a', 1, 'kept', 'in-progress', 'P0', 2, '2026-01-01T00:00:00.000Z', 90, '2026-01-01', '2026-01-01', 1)`,
    ).run();
    migrate(db, all);
    expect(db.pragma('user_version', { simple: true })).toBe(all[all.length - 1]?.version);
    expect(
      db.prepare('SELECT id, number, title, status, attempts, lease_seconds, lapses, client_key FROM tasks').all(),
    ).toEqual([
      {
        id: 'a',
        number: 1,
        title: 'kept',
        status: 'in-progress',
        attempts: 2,
        lease_seconds: 90,
        lapses: 0,
        client_key: null,
      },
    ]);
    const indexes = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' AND name NOT LIKE 'sqlite_%'",
        )
        .all() as { name: string }[]
    )
      .map((r) => r.name)
      .sort();
    expect(indexes).toEqual([
      'tasks_agent_current',
      'tasks_assignee',
      'tasks_client_key',
      'tasks_epic',
      'tasks_lease',
      'tasks_pickup',
      'tasks_status_order',
    ]);
    db.prepare("UPDATE tasks SET status = 'cancelled', client_key = 'k' WHERE id = 'a'").run();
    expect(() => db.prepare("UPDATE tasks SET status = 'gone' WHERE id = 'a'").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO tasks (id, number, title, status, priority, created_at, updated_at, client_key) VALUES ('b', 2, 'x', 'open', 'P1', 'n', 'n', 'k')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
