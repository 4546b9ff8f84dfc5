import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type { Db } from './database.js';

/**
 * Makes commits durable off the event loop. With `synchronous = FULL`, SQLite fsyncs the WAL inside
 * COMMIT, and better-sqlite3 runs COMMIT on the main thread: the server then sits idle for every
 * fsync, more than half of its time under a write-heavy load. Instead the connection commits with
 * `synchronous = NORMAL` (SQLite still syncs around checkpoints, so the database file is never at
 * risk), and the WAL is fdatasync'd here, on libuv's thread pool, before any write of the commit is
 * acknowledged. Acknowledged writes survive power loss exactly as with FULL; the difference is that
 * the next group of writes runs while the disk flushes the previous one.
 *
 * The WAL grows by appending, and frames are only ever reused after a checkpoint has copied and synced
 * them into the database, so one fdatasync covers every commit written before it started, including
 * other processes' commits to the same file.
 */
export class WalSync {
  private closed = false;
  private inFlight = 0;

  private constructor(private readonly fd: number) {}

  /**
   * Take over durability of `db`'s commits; undefined when the database is not in WAL mode (a file
   * system without shared memory), which then keeps syncing inside COMMIT.
   */
  static adopt(db: Db): WalSync | undefined {
    if (db.readonly || db.memory || String(db.pragma('journal_mode', { simple: true })) !== 'wal') return undefined;
    // A read creates the WAL file if this connection is the first one open.
    db.pragma('user_version', { simple: true });
    const fd = openSync(`${db.name}-wal`, 'r');
    db.pragma('synchronous = NORMAL');
    return new WalSync(fd);
  }

  /** Flush every commit written so far to the disk; `done` runs on the event loop once it is there. */
  sync(done: (err: Error | null) => void): void {
    if (this.closed) {
      done(new Error('the database is closed'));
      return;
    }
    this.inFlight++;
    fdatasync(this.fd, (err) => {
      this.inFlight--;
      if (this.closed && this.inFlight === 0) closeSync(this.fd);
      done(err);
    });
  }

  /** The same, blocking (the storage-ceiling baseline measures this). */
  syncNow(): void {
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight === 0) closeSync(this.fd);
  }
}
