import type { TaskStore } from '../core/task-store.js';
import type { SqliteDatabaseHandle } from './project-store.js';

/** Task board over SQLite. */
export class SqliteTaskStore implements TaskStore {
  constructor(protected readonly h: SqliteDatabaseHandle) {}
}
