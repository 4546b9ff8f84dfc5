import { type Agent, type ApiClient, type Event, call, errorMessage } from '../api.js';
import { BoardStore } from './board.js';
import { LiveStream, findLatestEventId } from './live.js';
import { Coalescer, Observable } from './observable.js';
import { TaskSearchStore } from './task-search.js';

const FEED_SIZE = 200;
const FEED_INITIAL = 50;
/** Past this many distinct tasks in one burst (e.g. replay after a long outage), reload the board instead. */
const RELOAD_THRESHOLD = 100;
/** How long the first load waits for the event stream to open before loading anyway. */
const OPEN_WAIT_MS = 3_000;

export class AgentsStore extends Observable {
  list: Agent[] = [];
  error: string | null = null;
  loaded = false;

  constructor(
    private readonly api: ApiClient,
    private readonly projectId: string,
  ) {
    super();
  }

  async refresh(): Promise<void> {
    try {
      const res = await call(this.api.GET('/api/agents', { params: { query: { project_id: this.projectId } } }));
      this.list = res.data;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    }
    this.loaded = true;
    this.changed();
  }
}

/** The latest events, newest first, kept live. */
export class FeedStore extends Observable {
  events: Event[] = [];
  error: string | null = null;
  loaded = false;

  constructor(
    private readonly api: ApiClient,
    private readonly projectId: string,
  ) {
    super();
  }

  /** The latest events up to `latestId()`, merged with whatever arrived live meanwhile. */
  async init(latestId: () => Promise<number>): Promise<void> {
    try {
      const latest = await latestId();
      const res = await call(
        this.api.GET('/api/events', {
          params: {
            query: { project_id: this.projectId, after: Math.max(0, latest - FEED_INITIAL), limit: FEED_INITIAL },
          },
        }),
      );
      const known = new Set(this.events.map((e) => e.id));
      this.events = [...this.events, ...res.data.filter((e) => e.id <= latest && !known.has(e.id)).reverse()]
        .sort((a, b) => b.id - a.id)
        .slice(0, FEED_SIZE);
    } catch (err) {
      this.error = errorMessage(err);
    }
    this.loaded = true;
    this.changed();
  }

  push(e: Event): void {
    if (this.events.some((x) => x.id === e.id)) return;
    this.events = [e, ...this.events].slice(0, FEED_SIZE);
    this.changed();
  }
}

/** Tells open knowledge-base views that a doc changed. */
export class DocsSignal extends Observable {
  lastChanged: string | null = null;
  touch(id: string): void {
    this.lastChanged = id;
    this.changed();
  }
}

/**
 * Everything the dashboard shows about one project, kept current by the live stream: each event
 * refetches just what it touched (the task by id, the counts, the agents), coalesced per burst.
 */
export class ProjectSession extends Observable {
  readonly board: BoardStore;
  readonly agents: AgentsStore;
  readonly feed: FeedStore;
  readonly docs = new DocsSignal();
  readonly search: TaskSearchStore;
  live: LiveStream | null = null;
  private readonly pendingTasks = new Set<string>();
  private readonly taskRefresh: Coalescer;
  private readonly countsRefresh: Coalescer;
  private readonly agentsRefresh: Coalescer;
  private readonly eventListeners = new Set<(e: Event) => void>();
  private closed = false;

  constructor(
    private readonly api: ApiClient,
    readonly projectId: string,
    private readonly onProjectEvent: () => void,
  ) {
    super();
    this.board = new BoardStore(api, projectId);
    this.agents = new AgentsStore(api, projectId);
    this.feed = new FeedStore(api, projectId);
    this.search = new TaskSearchStore(api, projectId);
    this.taskRefresh = new Coalescer(() => this.refreshPendingTasks(), 30);
    // Counts are kept per status by the server (read in O(1)); the back-off still spaces out a slow answer.
    this.countsRefresh = new Coalescer(() => this.board.refreshCounts(), 100, 20);
    this.agentsRefresh = new Coalescer(() => this.agents.refresh(), 150);
  }

  async start(): Promise<void> {
    const live = new LiveStream(this.api, this.projectId);
    this.live = live;
    live.onEvent((e) => this.apply(e));
    let first = true;
    const opened = new Promise<void>((resolve) => {
      live.onOpen((resumed) => {
        // A reconnect that cannot resume (no event seen yet) reloads instead of replaying.
        if (!first && !resumed) void this.reload();
        first = false;
        resolve();
      });
      // Load anyway if the stream cannot open soon; the board then reloads once it does.
      setTimeout(resolve, OPEN_WAIT_MS);
    });
    this.changed();
    live.start();
    await opened;
    if (this.closed) return;
    await Promise.all([this.board.load(), this.agents.refresh(), this.initFeed()]);
  }

  private async reload(): Promise<void> {
    await Promise.all([this.board.load(), this.agents.refresh()]);
  }

  private initFeed(): Promise<void> {
    return this.feed.init(() => findLatestEventId(this.api, this.projectId));
  }

  close(): void {
    this.closed = true;
    this.live?.stop();
    this.search.close();
    this.taskRefresh.cancel();
    this.countsRefresh.cancel();
    this.agentsRefresh.cancel();
  }

  /** Listen to every live event (the task panel uses it for its timeline). */
  onEvent(fn: (e: Event) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  private apply(e: Event): void {
    this.feed.push(e);
    if (e.type.startsWith('task.')) {
      this.pendingTasks.add(e.entity_id);
      this.taskRefresh.trigger();
      if (e.type !== 'task.note' && e.type !== 'task.heartbeat') this.countsRefresh.trigger();
      this.agentsRefresh.trigger();
    } else if (e.type.startsWith('doc.')) {
      this.docs.touch(e.entity_id);
    } else if (e.type.startsWith('project.')) {
      this.onProjectEvent();
    }
    for (const fn of this.eventListeners) fn(e);
  }

  private async refreshPendingTasks(): Promise<void> {
    const ids = [...this.pendingTasks];
    this.pendingTasks.clear();
    if (ids.length > RELOAD_THRESHOLD) {
      await this.board.load();
      return;
    }
    await Promise.all(ids.map((id) => this.board.refreshTask(id).catch(() => undefined)));
  }
}
