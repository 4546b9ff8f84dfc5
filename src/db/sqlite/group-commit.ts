import type { Db } from './database.js';
import { ApiError } from '../../core/errors.js';

/**
 * Group commit. With `synchronous = FULL` every COMMIT waits for an fsync of the WAL (milliseconds on
 * real disks), so one transaction per request caps a server at a few hundred writes a second however
 * little each write does. Writes submitted in the same turn of the event loop therefore share one
 * `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint:
 *
 * - atomic: a write that throws is rolled back to its savepoint and rejects alone; the others commit;
 * - durable: no promise settles before the COMMIT holding its write has returned (fsync'd);
 * - serial: writes run one after another in submission order, each seeing the ones before it.
 *
 * A write function may run more than once (rolled back in between: on a busy lock, or when another
 * write of its group failed), so it must not act outside the database.
 *
 * When another connection holds the write lock, the group waits on the event loop (never in C for
 * long) and retries, up to `lockWaitMs` per write.
 *
 * With a `sync` (WalSync), COMMIT itself does not wait for the disk: committed writes are held until
 * the next sync has flushed them, and the groups that commit meanwhile join the sync after it. A
 * failed sync means the disk may not hold what SQLite committed, so the writes it covered and every
 * later one fail: nothing is acknowledged that might not survive.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  /** Committed, not yet known to be on disk. */
  private unsynced: Done[] = [];
  private syncing = false;
  private failure: ApiError | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: {
      maxGroup: number;
      lockWaitMs: number;
      sync?: (done: (err: Error | null) => void) => void;
    },
  ) {}

  /** Run `fn` inside the next group; `committed` runs once the write is durable, before the promise resolves. */
  submit<T>(fn: () => T, committed: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({
        fn,
        committed,
        resolve: resolve as (v: unknown) => void,
        reject,
        deadline: Date.now() + this.options.lockWaitMs,
        attempt: 0,
      });
      this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private flush(): void {
    const group = this.queue.splice(0, this.options.maxGroup);
    if (group.length === 0) return;
    try {
      if (!this.commitTogether(group)) this.commitOneByOne(group);
    } finally {
      if (this.queue.length > 0) this.schedule(0);
      this.startSync();
    }
  }

  /** Committed writes are acknowledged now (no sync: COMMIT was durable) or after the next sync. */
  private acknowledge(done: Done[]): void {
    if (!this.options.sync) for (const d of done) settle(d.job, d.value);
    else this.unsynced.push(...done);
  }

  /** One sync at a time: a second one started meanwhile would wait on the first in the kernel anyway. */
  private startSync(): void {
    const sync = this.options.sync;
    if (!sync || this.syncing || this.unsynced.length === 0) return;
    const batch = this.unsynced;
    this.unsynced = [];
    this.syncing = true;
    sync((err) => {
      this.syncing = false;
      if (err) {
        const failure = (this.failure ??=
          err instanceof ApiError
            ? err
            : new ApiError(
                'project_unavailable',
                `The project's database could not be flushed to disk (${err.message}); writes are refused until the server is restarted`,
              ));
        const pending = [...batch, ...this.unsynced.splice(0)].map((d) => d.job).concat(this.queue.splice(0));
        for (const job of pending) job.reject(failure);
        return;
      }
      for (const d of batch) settle(d.job, d.value);
      this.startSync();
    });
  }

  /**
   * The common case, every write succeeding: all of them in one transaction without savepoints (a
   * savepoint per write costs about as much as a small write). Returns false, having committed
   * nothing, when a write of a larger group throws; the group is then redone write by write.
   */
  private commitTogether(group: Job[]): boolean {
    const values: unknown[] = [];
    let running: Job | undefined;
    try {
      this.db
        .transaction(() => {
          for (const job of group) {
            running = job;
            values.push(job.fn());
          }
          running = undefined;
        })
        .immediate();
    } catch (error) {
      if (running && group.length > 1) return false;
      // BEGIN or COMMIT failed, or the group's only write did: nothing committed.
      const failed = running ? [running] : group;
      if (isBusy(error)) this.retry(failed);
      else for (const job of failed) job.reject(error);
      return true;
    }
    this.acknowledge(group.map((job, i) => ({ job, value: values[i] })));
    return true;
  }

  /** Each write in its own savepoint, so that one failing is rolled back and rejected alone. */
  private commitOneByOne(group: Job[]): void {
    const ran: { job: Job; value: unknown }[] = [];
    const failed: { job: Job; error: unknown }[] = [];
    let culprit: { job: Job; error: unknown } | undefined;
    try {
      this.db
        .transaction(() => {
          for (const job of group) {
            try {
              ran.push({ job, value: this.db.transaction(job.fn)() });
            } catch (error) {
              // Some errors (disk full, I/O) make SQLite roll back the whole transaction, not just the savepoint.
              if (!this.db.inTransaction) {
                culprit = { job, error };
                throw error;
              }
              failed.push({ job, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      this.recover(group, culprit, error);
      return;
    }
    this.acknowledge(ran);
    for (const { job, error } of failed) {
      if (isBusy(error)) this.retry([job]);
      else job.reject(error);
    }
  }

  /** Nothing in `group` committed: retry what may succeed, reject the rest. */
  private recover(group: Job[], culprit: { job: Job; error: unknown } | undefined, error: unknown): void {
    if (culprit) {
      // Only the write that broke the transaction fails; the others never committed and run again.
      culprit.job.reject(culprit.error);
      this.retry(
        group.filter((j) => j !== culprit?.job),
        true,
      );
    } else if (isBusy(error)) {
      this.retry(group);
    } else {
      for (const job of group) job.reject(error);
    }
  }

  private retry(jobs: Job[], immediately = false): void {
    const now = Date.now();
    const live: Job[] = [];
    for (const job of jobs) {
      if (!immediately && now >= job.deadline) {
        job.reject(
          new ApiError(
            'project_unavailable',
            `The project database stayed locked by another process for ${this.options.lockWaitMs / 1000} s; retry`,
          ),
        );
      } else {
        live.push(job);
      }
    }
    if (live.length === 0) return;
    this.queue = [...live, ...this.queue];
    const attempt = Math.max(...live.map((j) => j.attempt++));
    this.schedule(immediately ? 0 : Math.min(2 ** attempt, 25) + Math.random() * 5);
  }
}

/** A committed write: its after-commit work, then its promise. */
function settle(job: Job, value: unknown): void {
  try {
    job.committed();
    job.resolve(value);
  } catch (error) {
    job.reject(error);
  }
}

interface Done {
  job: Job;
  value: unknown;
}

interface Job {
  fn: () => unknown;
  committed: () => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
  attempt: number;
}

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
