/**
 * The storage ceiling: the pickup transaction written directly against better-sqlite3, on a database
 * opened exactly as the server opens one (same pragmas, same schema, the WAL fdatasync'd after each
 * commit, here blocking), with no HTTP, validation or JSON envelope around it. Measured twice: one
 * commit per pickup (one WAL fsync each), and
 * `group` pickups per commit, each in its own savepoint, the way the server groups concurrent writes.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../../src/db/sqlite/database.js';
import { EXPIRED_SQL, PICKUP_SQL } from '../../src/db/sqlite/task-queries.js';
import { WalSync } from '../../src/db/sqlite/wal-sync.js';

export interface CeilingResult {
  pickups: number;
  perSecond: number;
  commitsPerSecond: number;
  /** The connection settings openDatabase gave it (the server's). */
  pragmas: string;
}

export function seedBare(db: Db, count: number): void {
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO tasks (id, number, title, description, status, priority, epic, tags, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'open', ?, ?, '["bench"]', ?, ?)`,
  );
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      insert.run(
        randomUUID(),
        n,
        `Seeded task ${n}: refactor the module`,
        'A task created by the benchmark.',
        `P${n % 3}`,
        `epic-${n % 10}`,
        now,
        now,
      );
    }
    // Inserted beside the store's own insert, which keeps the counts per status: counted here instead.
    db.prepare('UPDATE task_counts SET n = (SELECT COUNT(*) FROM tasks WHERE tasks.status = task_counts.status)').run();
  })();
}

function pickupTransaction(db: Db): () => void {
  const settings = db.prepare("SELECT value FROM meta WHERE key = 'settings'");
  const expired = db.prepare(EXPIRED_SQL);
  const touch = db.prepare(
    'INSERT INTO agents (name, created_at, last_seen) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen',
  );
  const candidate = db.prepare(PICKUP_SQL);
  const claim = db.prepare(
    "UPDATE tasks SET status = 'in-progress', assignee = ?, started_at = ?, attempts = attempts + 1, lease_expires_at = ?, completed_at = NULL, updated_at = ? WHERE id = ?",
  );
  const event = db.prepare('INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  let i = 0;
  return () => {
    const now = new Date().toISOString();
    const agent = `agent-${(i++ % 16) + 1}`;
    settings.get();
    expired.all(now, 50);
    touch.run(agent, now, now);
    const row = candidate.get() as { id: string; number: number; title: string; priority: string } | undefined;
    if (!row) throw new Error('storage ceiling ran out of open tasks');
    const lease = new Date(Date.now() + 1_800_000).toISOString();
    claim.run(agent, now, lease, now, row.id);
    const payload = JSON.stringify({
      task_number: `T-${String(row.number).padStart(3, '0')}`,
      title: row.title,
      status: 'in-progress',
      priority: row.priority,
      assignee: agent,
    });
    event.run('task.pickup', row.id, agent, payload, now);
  };
}

/** `pickups` claims, committed every `group` claims; returns throughput. */
export function storageCeiling(dir: string, boardSize: number, pickups: number, group: number): CeilingResult {
  const db = openDatabase(join(dir, `ceiling-${group}.db`));
  const wal = WalSync.adopt(db);
  try {
    seedBare(db, boardSize);
    const one = pickupTransaction(db);
    const savepoint = db.transaction(one);
    const commit = db.transaction((n: number) => {
      for (let k = 0; k < n; k++) savepoint();
    });
    // Warm the statements and the page cache.
    for (let k = 0; k < 50; k++) {
      commit.immediate(1);
      wal?.syncNow();
    }
    const started = performance.now();
    let commits = 0;
    for (let done = 0; done < pickups; done += group) {
      commit.immediate(Math.min(group, pickups - done));
      wal?.syncNow();
      commits++;
    }
    const seconds = (performance.now() - started) / 1000;
    const pragmas = ['page_size', 'journal_mode', 'synchronous', 'cache_size', 'wal_autocheckpoint']
      .map((p) => `${p}=${String(db.pragma(p, { simple: true }))}`)
      .join(', ');
    return { pickups, perSecond: pickups / seconds, commitsPerSecond: commits / seconds, pragmas };
  } finally {
    db.close();
    wal?.close();
  }
}
