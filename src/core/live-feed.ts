import type { ProjectCatalog, ProjectStore } from './ports.js';
import type { EventRecord } from './types.js';

/** Events of the log after `after`, up to and including `last`, oldest first. */
export interface EventBatch {
  readonly after: number;
  readonly last: number;
  readonly events: readonly EventRecord[];
}

export interface FeedListener {
  batch(batch: EventBatch): void;
  /** The log cannot be read (the project became unavailable); the feed has stopped. */
  failed(err: unknown): void;
}

export interface FeedSubscription {
  /** The newest event id the feed had delivered when the listener joined. */
  readonly head: number;
  unsubscribe(): void;
}

export interface LiveFeedOptions {
  /** How often another process's commits are looked for while anyone listens. */
  pollMs: number;
  /** Deliveries to one project at most this often, so a busy board costs its streams a bounded rate. */
  minGapMs: number;
  pageSize: number;
}

/** Under sustained writes, a project with 200 listeners or more is delivered to every 100 ms at most; the first event after a pause goes at once. */
const MAX_GAP_MS = 100;
const DEFAULTS: LiveFeedOptions = { pollMs: 100, minGapMs: 15, pageSize: 1000 };

/**
 * Live delivery, one mechanism for every store: per project, one reader follows the event log after
 * the last id it delivered and hands each batch to every listener (event streams, waiting pickups),
 * so a batch is read and encoded once however many listen. It is woken by hints: the store's own
 * commits (`store.subscribe`) and a cheap mark of other processes' commits, polled while anyone
 * listens. A hint is never trusted as the data unless it continues the log exactly where the feed
 * stands. The store is asked of the catalog at every read, so a store reopened (a file restored from
 * a backup) is followed.
 */
export class LiveFeeds {
  private readonly feeds = new Map<string, ProjectFeed>();
  private readonly options: LiveFeedOptions;

  constructor(
    private readonly catalog: Pick<ProjectCatalog, 'open'>,
    options: Partial<LiveFeedOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Listen to a project's committed events; resolves once the feed knows where the log stands. */
  async subscribe(projectId: string, listener: FeedListener): Promise<FeedSubscription> {
    let feed = this.feeds.get(projectId);
    if (!feed) {
      const created = new ProjectFeed(
        () => this.catalog.open(projectId),
        this.options,
        () => {
          if (this.feeds.get(projectId) === created) this.feeds.delete(projectId);
        },
      );
      this.feeds.set(projectId, created);
      feed = created;
    }
    return feed.add(listener);
  }

  /** A page of the project's log after `after`, from its current store (for a stream catching up). */
  async eventsAfter(projectId: string, after: number, limit: number): Promise<EventRecord[]> {
    return (await this.catalog.open(projectId)).events.list({ after, limit });
  }
}

class ProjectFeed {
  private readonly listeners = new Set<FeedListener>();
  private head = 0;
  private mark: number | undefined;
  private readonly started: Promise<void>;
  private hinted: EventRecord[] = [];
  private outsideCommit = false;
  private scheduled: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private reading = false;
  private again = false;
  private lastDelivery = 0;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;

  /** The store whose commits hint this feed, and how to stop listening to it. */
  private hintedBy: ProjectStore | undefined;
  private stopHints: (() => void) | undefined;

  constructor(
    private readonly open: () => Promise<ProjectStore>,
    private readonly options: LiveFeedOptions,
    private readonly onStop: () => void,
  ) {
    this.started = this.start();
    // A failed start is reported to whoever subscribes; nothing else awaits it.
    this.started.catch(() => undefined);
  }

  get size(): number {
    return this.listeners.size;
  }

  async add(listener: FeedListener): Promise<FeedSubscription> {
    this.listeners.add(listener);
    try {
      await this.started;
    } catch (err) {
      // A feed that could not start is dropped: the next subscriber tries afresh.
      this.listeners.delete(listener);
      this.stop();
      throw err;
    }
    return { head: this.head, unsubscribe: () => this.remove(listener) };
  }

  private hint(events: readonly EventRecord[]): void {
    this.hinted.push(...events);
    this.schedule();
  }

  /**
   * The project's current store, listened to. Another store than before (the file was replaced and
   * reopened) is read in full: its commits made before listening gave no hint, and its mark counts
   * from elsewhere.
   */
  private async store(): Promise<ProjectStore> {
    const store = await this.open();
    if (store !== this.hintedBy && !this.stopped) {
      const previous = this.hintedBy;
      this.stopHints?.();
      const stopOwn = store.subscribe((events) => this.hint(events));
      // Where the store is told of other processes' commits, the mark is read on each notice at once.
      const stopOutside = store.events.watchOutsideCommits?.(() => void this.poll());
      this.stopHints = () => {
        stopOwn();
        stopOutside?.();
      };
      this.hintedBy = store;
      if (previous) {
        this.outsideCommit = true;
        this.schedule();
      }
    }
    return store;
  }

  private async start(): Promise<void> {
    // Listening first, then the mark: a commit by another process after it moves the mark, so none is missed.
    const store = await this.store();
    this.mark = await store.events.outsideCommitMark();
    this.head = await store.events.latestId();
    this.hinted = this.hinted.filter((e) => e.id > this.head);
    this.poller = setInterval(() => void this.poll(), this.options.pollMs);
    this.poller.unref();
    if (this.hinted.length > 0) this.schedule();
  }

  private remove(listener: FeedListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.stop();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.poller);
    this.stopHints?.();
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
    }
    this.onStop();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      const mark = await (await this.store()).events.outsideCommitMark();
      if (mark !== this.mark) {
        this.mark = mark;
        this.outsideCommit = true;
        this.schedule();
      }
    } catch (err) {
      this.fail(err);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    // Many listeners (open dashboards) get fewer, larger batches: each write to each costs the agents'
    // time, about the same whatever its size. 1 ms per listener keeps those writes near 1,000 a second.
    const gap = Math.min(MAX_GAP_MS, Math.max(this.options.minGapMs, this.listeners.size));
    const wait = this.lastDelivery + gap - Date.now();
    const run = () => {
      this.scheduled = undefined;
      void this.deliver();
    };
    this.scheduled = wait > 0 ? setTimeout(run, wait) : setImmediate(run);
  }

  private async deliver(): Promise<void> {
    if (this.stopped) return;
    this.reading = true;
    this.again = false;
    try {
      const hinted = this.hinted.filter((e) => e.id > this.head);
      this.hinted = [];
      if (!this.outsideCommit && continuesLog(hinted, this.head)) {
        this.emit(hinted);
      } else {
        // Only what this process has acknowledged, unless another process wrote: its commits have no hint.
        const cap = this.outsideCommit ? Infinity : (hinted[hinted.length - 1]?.id ?? this.head);
        this.outsideCommit = false;
        const store = await this.store();
        for (;;) {
          const page = await store.events.list({ after: this.head, limit: this.options.pageSize });
          const fresh = page.filter((e) => e.id > this.head && e.id <= cap);
          this.emit(fresh);
          if (page.length < this.options.pageSize || fresh.length < page.length || this.stopped) break;
        }
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.reading = false;
      this.lastDelivery = Date.now();
      if (this.again || this.hinted.length > 0) this.schedule();
    }
  }

  private emit(events: EventRecord[]): void {
    if (events.length === 0 || this.stopped) return;
    const batch: EventBatch = { after: this.head, last: events[events.length - 1]!.id, events };
    this.head = batch.last;
    for (const listener of [...this.listeners]) {
      try {
        listener.batch(batch);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }

  private fail(err: unknown): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.stop();
    for (const listener of listeners) listener.failed(err);
  }
}

/** Whether `events` are the log's next entries after `head`, in order, with no id skipped. */
function continuesLog(events: readonly EventRecord[], head: number): boolean {
  let expected = head + 1;
  for (const e of events) {
    if (e.id !== expected) return false;
    expected++;
  }
  return true;
}
