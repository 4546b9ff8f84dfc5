import {
  type ApiClient,
  type BoardStatus,
  type Task,
  type TaskStatus,
  ApiFailure,
  call,
  errorMessage,
} from '../api.js';
import { Observable } from './observable.js';

/** Board columns, left to right; blocked tasks sit in a band above them. */
export const COLUMNS = ['backlog', 'open', 'in-progress', 'review', 'done'] as const satisfies readonly TaskStatus[];
export const STATUSES: readonly TaskStatus[] = [...COLUMNS, 'blocked'];
export const STATUS_LABELS: Record<TaskStatus, string> = {
  backlog: 'Backlog',
  open: 'Open',
  'in-progress': 'In Progress',
  review: 'Review',
  done: 'Done',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

const PAGE = 200;
const ALL_PAGE = 1000;
/** The graph loads every task up to this many; beyond it the picture would not help anyway. */
export const GRAPH_LIMIT = 5000;

export interface ServerFilter {
  epic?: string | undefined;
  tag?: string | undefined;
  assignee?: string | undefined;
}

interface ColumnState {
  cursor: string | null;
  loaded: boolean;
  loading: boolean;
}

const PRIORITY_RANK: Record<string, number> = { P0: 0, P1: 1, P2: 2 };

export function taskNumberValue(n: string): number {
  return Number(n.replace(/^T-/i, '')) || 0;
}

/** Board order, as the server lists it: P0 first, then oldest. */
export function boardOrder(a: Task, b: Task): number {
  return (
    (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
    taskNumberValue(a.task_number) - taskNumberValue(b.task_number)
  );
}

/**
 * The tasks of one project as far as they are loaded: each status column is paged from the server on
 * its own (so a Done column of 100k tasks costs one page), and live events refresh single tasks.
 */
export class BoardStore extends Observable {
  readonly tasks = new Map<string, Task>();
  private readonly idByNumber = new Map<string, string>();
  private columns = freshColumns();
  private sorted = new Map<TaskStatus, { version: number; list: Task[] }>();
  private generation = 0;
  private readonly known = { epics: new Set<string>(), tags: new Set<string>(), assignees: new Set<string>() };
  counts: BoardStatus['counts'] | null = null;
  error: string | null = null;
  filter: ServerFilter = {};
  ready = false;

  constructor(
    private readonly api: ApiClient,
    readonly projectId: string,
  ) {
    super();
  }

  private loading: Promise<void> | null = null;
  private firstLoadDone: () => void = () => undefined;
  /** Settles once the session has loaded the board the first time. */
  private readonly firstLoad = new Promise<void>((resolve) => (this.firstLoadDone = resolve));

  /** (Re)load the first page of every column, under a server-side filter. */
  load(filter: ServerFilter = this.filter): Promise<void> {
    const loading = this.loadFirstPages(filter);
    this.loading = loading;
    void loading.finally(() => this.firstLoadDone());
    return loading;
  }

  private async loadFirstPages(filter: ServerFilter): Promise<void> {
    const gen = ++this.generation;
    this.filter = filter;
    this.tasks.clear();
    this.idByNumber.clear();
    this.columns = freshColumns();
    this.ready = false;
    this.changed();
    try {
      await Promise.all([...STATUSES.map((s) => this.loadPage(s, gen, PAGE)), this.refreshCounts()]);
      if (gen !== this.generation) return;
      this.ready = true;
      this.error = null;
    } catch (err) {
      if (gen === this.generation) this.error = errorMessage(err);
    }
    if (gen === this.generation) this.changed();
  }

  async loadMore(status: TaskStatus): Promise<void> {
    try {
      await this.loadPage(status, this.generation, PAGE);
    } catch (err) {
      this.error = errorMessage(err);
      this.changed();
    }
  }

  /** Every task (up to GRAPH_LIMIT), for views that need the whole picture. */
  async loadAll(): Promise<void> {
    // Wait for whatever load is under way, so it does not reset the columns under this one.
    await this.firstLoad;
    while (this.loading) {
      const current = this.loading;
      await current;
      if (current === this.loading) break;
    }
    const gen = this.generation;
    for (const status of STATUSES) {
      while (this.hasMore(status) && this.tasks.size < GRAPH_LIMIT && gen === this.generation) {
        await this.loadPage(status, gen, ALL_PAGE);
      }
    }
  }

  get truncated(): boolean {
    return STATUSES.some((s) => this.hasMore(s));
  }

  hasMore(status: TaskStatus): boolean {
    const c = this.columns[status];
    return !c.loaded || c.cursor !== null;
  }

  isLoading(status: TaskStatus): boolean {
    return this.columns[status].loading;
  }

  private async loadPage(status: TaskStatus, gen: number, limit: number): Promise<void> {
    const column = this.columns[status];
    if (column.loading || (column.loaded && column.cursor === null)) return;
    column.loading = true;
    try {
      const page = await call(
        this.api.GET('/api/tasks', {
          params: {
            query: {
              project_id: this.projectId,
              status,
              limit,
              ...(column.cursor ? { cursor: column.cursor } : {}),
              ...(this.filter.epic ? { epic: this.filter.epic } : {}),
              ...(this.filter.tag ? { tag: this.filter.tag } : {}),
              ...(this.filter.assignee ? { assignee: this.filter.assignee } : {}),
            },
          },
        }),
      );
      if (gen !== this.generation) return;
      for (const t of page.data) this.put(t);
      column.cursor = page.next_cursor;
      column.loaded = true;
    } finally {
      if (gen === this.generation) {
        column.loading = false;
        this.changed();
      }
    }
  }

  async refreshCounts(): Promise<void> {
    const gen = this.generation;
    const res = await call(this.api.GET('/api/board/status', { params: { query: { project_id: this.projectId } } }));
    if (gen !== this.generation) return;
    this.counts = res.data.counts;
    this.changed();
  }

  /** Fetch one task again after a live event about it. */
  async refreshTask(idOrNumber: string): Promise<Task | undefined> {
    const gen = this.generation;
    try {
      const res = await call(
        this.api.GET('/api/tasks/{id}', {
          params: { path: { id: idOrNumber }, query: { project_id: this.projectId } },
        }),
      );
      if (gen !== this.generation) return res.data;
      this.upsert(res.data);
      return res.data;
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 404) {
        const id = this.idByNumber.get(idOrNumber) ?? idOrNumber;
        const old = this.tasks.get(id);
        if (old) {
          this.tasks.delete(id);
          this.idByNumber.delete(old.task_number);
          this.changed();
        }
        return undefined;
      }
      throw err;
    }
  }

  upsert(task: Task): void {
    this.put(task);
    this.changed();
  }

  private put(task: Task): void {
    this.tasks.set(task.id, task);
    this.idByNumber.set(task.task_number, task.id);
    // Filter choices only grow, so narrowing the board does not hide the way back.
    if (task.epic) this.known.epics.add(task.epic);
    for (const tag of task.tags) this.known.tags.add(tag);
    if (task.assignee) this.known.assignees.add(task.assignee);
  }

  byNumber(taskNumber: string): Task | undefined {
    const id = this.idByNumber.get(taskNumber.toUpperCase());
    return id ? this.tasks.get(id) : undefined;
  }

  get(idOrNumber: string): Task | undefined {
    return this.tasks.get(idOrNumber) ?? this.byNumber(idOrNumber);
  }

  /** A task passes the server-side filter (tasks refreshed by live events are checked here too). */
  matches(t: Task): boolean {
    const f = this.filter;
    if (f.epic && t.epic !== f.epic) return false;
    if (f.tag && !t.tags.includes(f.tag)) return false;
    if (f.assignee && t.assignee !== f.assignee) return false;
    return true;
  }

  /** Loaded tasks of one status, in board order. */
  column(status: TaskStatus): Task[] {
    const cached = this.sorted.get(status);
    if (cached && cached.version === this.version) return cached.list;
    const list: Task[] = [];
    for (const t of this.tasks.values()) if (t.status === status && this.matches(t)) list.push(t);
    list.sort(boardOrder);
    this.sorted.set(status, { version: this.version, list });
    return list;
  }

  /** Exact count of a column when the server knows it (no filter), else what is loaded. */
  count(status: TaskStatus): { n: number; exact: boolean } {
    const unfiltered = !this.filter.epic && !this.filter.tag && !this.filter.assignee;
    if (unfiltered && this.counts) return { n: Math.max(this.counts[status], this.column(status).length), exact: true };
    return { n: this.column(status).length, exact: !this.hasMore(status) };
  }

  /** Distinct values among loaded tasks, for the filter pickers. */
  facets(): { epics: string[]; tags: string[]; assignees: string[] } {
    const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
    return { epics: sort(this.known.epics), tags: sort(this.known.tags), assignees: sort(this.known.assignees) };
  }
}

function freshColumns(): Record<TaskStatus, ColumnState> {
  return Object.fromEntries(STATUSES.map((s) => [s, { cursor: null, loaded: false, loading: false }])) as Record<
    TaskStatus,
    ColumnState
  >;
}
