import { type ApiClient, type Task, call, errorMessage } from '../api.js';
import { Observable } from './observable.js';

const LIMIT = 500;
const DELAY_MS = 150;

export type TaskHit = Task & { matched_in?: string[] };

/**
 * The board's search box, answered by the server (title, description and notes of every task, not
 * only the loaded ones). Typing re-asks after a short pause; an answer to an older query is dropped.
 */
export class TaskSearchStore extends Observable {
  text = '';
  hits: TaskHit[] | null = null;
  error: string | null = null;
  loading = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly projectId: string,
  ) {
    super();
  }

  get active(): boolean {
    return this.text.trim() !== '';
  }

  /** More results than shown: the server stopped at its limit. */
  get capped(): boolean {
    return (this.hits?.length ?? 0) >= LIMIT;
  }

  set(text: string): void {
    this.text = text;
    clearTimeout(this.timer);
    if (!this.active) {
      this.asked++;
      this.hits = null;
      this.loading = false;
      this.error = null;
    } else {
      this.loading = true;
      this.timer = setTimeout(() => void this.run(text.trim()), DELAY_MS);
    }
    this.changed();
  }

  private async run(q: string): Promise<void> {
    const ticket = ++this.asked;
    try {
      const res = await call(
        this.api.GET('/api/tasks/search', { params: { query: { project_id: this.projectId, q, limit: LIMIT } } }),
      );
      if (ticket !== this.asked) return;
      this.hits = res.data;
      this.error = null;
    } catch (err) {
      if (ticket !== this.asked) return;
      this.error = errorMessage(err);
    }
    this.loading = false;
    this.changed();
  }

  close(): void {
    clearTimeout(this.timer);
    this.asked++;
  }
}
