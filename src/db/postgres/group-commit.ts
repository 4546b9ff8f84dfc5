import type { EventRecord } from '../../core/types.js';
import type { AheadRead, PgWrite } from './write.js';

/**
 * One transaction of a project: `fn` run inside it, with the events it recorded once committed;
 * `ahead`'s reads are sent with the lock, and what it returns is `w.ahead` (see WriteOptions).
 */
export type RunTransaction = <T>(
  fn: (w: PgWrite) => Promise<T>,
  ahead?: (read: AheadRead) => unknown,
) => Promise<{ result: T; events: EventRecord[] }>;

/**
 * Writes of one kind that a transaction can do together cheaper than one by one (claims: one statement
 * finds the candidates of all of them). `run` answers each input, in order.
 */
export interface Batcher<I, R> {
  /** `ahead`: what this batcher's `ahead` answered, when nothing else of the transaction ran before. */
  run(w: PgWrite, inputs: I[], ahead?: unknown): Promise<R[]>;
  /**
   * Reads for about `expected` inputs, sent with the project's lock before the group is known (one
   * round trip fewer while the project is locked). Sent only when every write queued is this batcher's.
   */
  ahead?(read: AheadRead, expected: number): unknown;
}

/** Groups whose size sets how much a batcher reads ahead. */
const RECENT_GROUPS = 8;

/** What a transaction read ahead for its batcher. */
interface Ahead {
  batcher: Batcher<unknown, unknown>;
  value: unknown;
}

interface Job {
  fn: (w: PgWrite) => Promise<unknown>;
  batch?: { batcher: Batcher<unknown, unknown>; input: unknown };
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for one project's writes on this server. Every COMMIT waits for PostgreSQL to flush its
 * WAL (about 4.5 ms on the disks here), and a project's writes serialize on its counter row, so one
 * transaction per write would cap a project near 200 writes a second. Writes that arrive while a
 * transaction of the project is under way wait for it, then all share the next one:
 *
 * - atomic: they run one after another in one transaction; when one throws, the transaction is rolled
 *   back and each write of the group runs again in a transaction of its own, so it fails alone (no
 *   savepoints in the common case, where they would cost a round trip each);
 * - durable: no promise settles before the COMMIT holding its write has returned;
 * - ordered: in submission order, each seeing the writes before it; `committed` hears each
 *   transaction's events, in order, before any of its writes resolves.
 *
 * A write function may therefore run more than once, so it must not act outside the database.
 */
export class PgGroupCommit {
  private queue: Job[] = [];
  private running = false;
  /** Inputs of each batcher in its last groups (newest last): how many to read ahead for the next. */
  private readonly recentCounts = new Map<Batcher<unknown, unknown>, number[]>();

  constructor(
    private readonly transaction: RunTransaction,
    private readonly committed: (events: EventRecord[]) => void,
    private readonly maxGroup = 64,
  ) {}

  submit<T>(fn: (w: PgWrite) => Promise<T>): Promise<T> {
    return this.enqueue<T>(fn);
  }

  /**
   * A write done with the others of its batcher in the group: after the group's other writes (they
   * were all in flight at once, so any order is one they could have had), all inputs in one `run`.
   */
  submitBatched<I, R>(batcher: Batcher<I, R>, input: I): Promise<R> {
    const fn = async (w: PgWrite) => (await batcher.run(w, [input]))[0] as R;
    return this.enqueue<R>(fn, { batcher: batcher as Batcher<unknown, unknown>, input });
  }

  private enqueue<T>(fn: (w: PgWrite) => Promise<unknown>, batch?: Job['batch']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, batch, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Writes parsed in the same turn of the event loop join the first transaction.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.together();
    } finally {
      this.running = false;
    }
  }

  private async alone(job: Job): Promise<void> {
    try {
      const { result, events } = await this.transaction(job.fn);
      this.committed(events);
      job.resolve(result);
    } catch (err) {
      job.reject(err);
    }
  }

  /**
   * One transaction for the writes queued once it holds the project's counter lock: writes that
   * arrived while it waited for another replica's transaction join it, instead of waiting for the next.
   * When one of them throws, nothing is committed and each runs again alone.
   */
  private async together(): Promise<void> {
    let group: Job[] = [];
    let aborted = false;
    const reader = this.readerAhead();
    try {
      const { result, events } = await this.transaction(async (w) => {
        // A transaction rerun after a deadlock or a lost connection starts from nothing, with its group.
        if (group.length === 0) group = this.queue.splice(0, this.maxGroup);
        this.noteCounts(group);
        aborted = false;
        try {
          return await runGroup(w, group, w.ahead as Ahead | undefined);
        } catch (err) {
          aborted = true;
          throw err;
        }
      }, reader);
      this.committed(events);
      for (const [i, job] of group.entries()) job.resolve(result[i]);
    } catch (err) {
      if (group.length === 0) {
        // The transaction failed before taking any write (the database unreachable): fail what is queued.
        for (const job of this.queue.splice(0, this.maxGroup)) job.reject(err);
      } else if (aborted && group.length > 1) {
        for (const job of group) await this.alone(job);
      } else {
        // A lone write that threw, or the database failed the transaction itself (the outcome of COMMIT unknown).
        for (const job of group) job.reject(err);
      }
    }
  }

  /**
   * Reads ahead for the batcher of every queued write, when they all share one that reads ahead: for as
   * many inputs as are queued, or as the last group had (writes arriving while the lock is awaited join).
   */
  private readerAhead(): ((read: AheadRead) => Ahead) | undefined {
    const batcher = this.queue[0]?.batch?.batcher;
    if (!batcher?.ahead) return undefined;
    const queued = this.queue.slice(0, this.maxGroup);
    if (queued.some((job) => job.batch?.batcher !== batcher)) return undefined;
    // Reading a row or two too many costs less than a round trip more while the project is locked.
    const recent = Math.max(0, ...(this.recentCounts.get(batcher) ?? []));
    const expected = Math.min(this.maxGroup, Math.max(queued.length, recent));
    return (read) => ({ batcher, value: batcher.ahead?.(read, expected) });
  }

  private noteCounts(group: Job[]): void {
    const counts = new Map<Batcher<unknown, unknown>, number>();
    for (const job of group) if (job.batch) counts.set(job.batch.batcher, (counts.get(job.batch.batcher) ?? 0) + 1);
    for (const [batcher, count] of counts) {
      const recent = this.recentCounts.get(batcher) ?? [];
      recent.push(count);
      if (recent.length > RECENT_GROUPS) recent.shift();
      this.recentCounts.set(batcher, recent);
    }
  }
}

/**
 * The group's writes in one transaction: each alone in submission order, then each batcher's at once.
 * What was read ahead goes to its batcher only when no write ran before it (else it may be stale).
 */
async function runGroup(w: PgWrite, group: Job[], ahead?: Ahead): Promise<unknown[]> {
  const results: unknown[] = new Array(group.length);
  const batches = new Map<Batcher<unknown, unknown>, number[]>();
  let fresh = true;
  for (const [i, job] of group.entries()) {
    if (job.batch) {
      const at = batches.get(job.batch.batcher);
      if (at) at.push(i);
      else batches.set(job.batch.batcher, [i]);
    } else {
      fresh = false;
      results[i] = await job.fn(w);
    }
  }
  for (const [batcher, at] of batches) {
    const inputs = at.map((i) => group[i]?.batch?.input);
    const answers = await batcher.run(w, inputs, fresh && ahead?.batcher === batcher ? ahead.value : undefined);
    fresh = false;
    for (const [k, i] of at.entries()) results[i] = answers[k];
  }
  return results;
}
