import pg from 'pg';
import { connectionConfig } from './pool.js';
import { CHANNEL, WORK_CHANNEL } from './write.js';

/**
 * Hints of other replicas' commits: a dedicated connection (never one of the pool's: a pooled LISTEN
 * silently stops hearing once its connection is handed back) LISTENs on the channel every write
 * transaction notifies with its project id, and on the one a transaction that may have freed work
 * notifies too (waiting pickups try again on it at once). Each notice moves that project's mark; notices from this
 * server's own pool are left out (its commits are announced in-process). A notice is only a hint: the
 * readers re-read the log. The connection is kept alive by TCP keepalive and a periodic check that it
 * still listens; lost, it reconnects with capped backoff, and moves every mark on reconnecting, since
 * notices sent meanwhile were missed.
 */
export class CommitListener {
  private client: pg.Client | undefined;
  private readonly marks = new Map<string, number>();
  /** Moved for every project at once (a reconnect). */
  private generation = 0;
  private closed = false;
  private retryMs = MIN_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  private readonly check: NodeJS.Timeout;
  private readonly waiting = new Set<() => void>();
  /** Who wants to hear of each project's notices as they come. */
  private readonly watchers = new Map<string, Set<() => void>>();
  /** Who wants to hear of each project's commits that may have freed work (WORK_CHANNEL). */
  private readonly workWatchers = new Map<string, Set<() => void>>();
  private connectedOnce = false;

  /** `ownBackends`: backend pids of this server's pool, whose notices are its own. */
  constructor(
    private readonly url: string,
    private readonly ownBackends: ReadonlySet<number>,
  ) {
    this.check = setInterval(() => void this.verify(), CHECK_MS);
    this.check.unref();
  }

  /** Connect and listen; rejects when the first connection fails (later losses reconnect by themselves). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** A number that moves whenever another server may have committed to `projectId`. */
  mark(projectId: string): number {
    return this.generation + (this.marks.get(projectId) ?? 0);
  }

  /** Whether the listening connection is up. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Call `wake` on every notice of `projectId` and on every reconnect, until the returned function is called. */
  watch(projectId: string, wake: () => void): () => void {
    return watchIn(this.watchers, projectId, wake);
  }

  /** Call `wake` on every commit of `projectId` that may have freed work, and on every reconnect. */
  watchWork(projectId: string, wake: () => void): () => void {
    return watchIn(this.workWatchers, projectId, wake);
  }

  /** Resolves on the next notice or reconnect (tests, and anyone who would rather wait than poll). */
  nextHint(): Promise<void> {
    return new Promise((resolve) => this.waiting.add(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.check);
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(connectionConfig(this.url, 'codepakt-listener'));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (msg) => {
      if (!msg.payload || this.ownBackends.has(msg.processId)) return;
      if (msg.channel === WORK_CHANNEL) {
        for (const wake of [...(this.workWatchers.get(msg.payload) ?? [])]) wake();
        return;
      }
      if (msg.channel !== CHANNEL) return;
      this.marks.set(msg.payload, (this.marks.get(msg.payload) ?? 0) + 1);
      this.wake(msg.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}; LISTEN ${WORK_CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = MIN_RETRY_MS;
    // Commits made while not listening gave no notice: every reader looks.
    if (this.connectedOnce) {
      this.generation++;
      this.wake();
    }
    this.connectedOnce = true;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    console.error(`database listener lost its connection (${err.message}); reconnecting`);
    this.generation++;
    this.wake();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().catch((err: Error) => {
        console.error(`database listener cannot reconnect (${err.message}); retrying in ${this.retryMs} ms`);
        this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.retry.unref();
  }

  /** A connection can look alive and have stopped listening (a proxy, a reset session): ask. */
  private async verify(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT ARRAY[$1::text, $2::text] <@ ARRAY(SELECT pg_listening_channels()) AS ok',
        [CHANNEL, WORK_CHANNEL],
      );
      if (!rows[0]?.ok) this.lost(client, new Error('no longer listening'));
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  /** Wake the watchers of `projectId`, or of every project (a reconnect), and whoever waits for a hint. */
  private wake(projectId?: string): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const resolve of waiting) resolve();
    const sets =
      projectId === undefined
        ? [...this.workWatchers.values(), ...this.watchers.values()]
        : [this.watchers.get(projectId)];
    for (const set of sets) for (const wake of [...(set ?? [])]) wake();
  }
}

function watchIn(watchers: Map<string, Set<() => void>>, projectId: string, wake: () => void): () => void {
  let set = watchers.get(projectId);
  if (!set) watchers.set(projectId, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (set.size === 0 && watchers.get(projectId) === set) watchers.delete(projectId);
  };
}

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
const CHECK_MS = 5_000;
