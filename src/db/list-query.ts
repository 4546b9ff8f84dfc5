import type { TaskStatus } from '../core/types.js';

/** What a store's task listing reads: the filters, the keyset position, and how many rows. */
export interface TaskListQuery {
  /** Every status when absent. */
  statuses?: readonly TaskStatus[] | undefined;
  assignee?: string | undefined;
  epic?: string | undefined;
  tag?: string | undefined;
  after?: { priority: string; number: number } | undefined;
  limit: number;
}
