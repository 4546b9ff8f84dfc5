import type { EventRecord } from '../../core/types.js';
import type { PgWrite } from './write.js';

/** One transaction of a project: `fn` run inside it, with the events it recorded once committed. */
export type RunTransaction = <T>(fn: (w: PgWrite) => Promise<T>) => Promise<{ result: T; events: EventRecord[] }>;

/**
 * Writes of one kind that a transaction can do together cheaper than one by one (claims: one statement
 * finds the candidates of all of them). `run` answers each input, in order.
 */
export interface Batcher<I, R> {
  run(w: PgWrite, inputs: I[]): Promise<R[]>;
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
    try {
      const { result, events } = await this.transaction(async (w) => {
        // A transaction rerun after a deadlock or a lost connection starts from nothing, with its group.
        if (group.length === 0) group = this.queue.splice(0, this.maxGroup);
        aborted = false;
        try {
          return await runGroup(w, group);
        } catch (err) {
          aborted = true;
          throw err;
        }
      });
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
}

/** The group's writes in one transaction: each alone in submission order, then each batcher's at once. */
async function runGroup(w: PgWrite, group: Job[]): Promise<unknown[]> {
  const results: unknown[] = new Array(group.length);
  const batches = new Map<Batcher<unknown, unknown>, number[]>();
  for (const [i, job] of group.entries()) {
    if (job.batch) {
      const at = batches.get(job.batch.batcher);
      if (at) at.push(i);
      else batches.set(job.batch.batcher, [i]);
    } else results[i] = await job.fn(w);
  }
  for (const [batcher, at] of batches) {
    const answers = await batcher.run(
      w,
      at.map((i) => group[i]?.batch?.input),
    );
    for (const [k, i] of at.entries()) results[i] = answers[k];
  }
  return results;
}
