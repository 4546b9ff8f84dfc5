import type { DocStore } from '../core/doc-store.js';
import type { SqliteDatabaseHandle } from './project-store.js';

/** Knowledge base over SQLite. */
export class SqliteDocStore implements DocStore {
  constructor(protected readonly h: SqliteDatabaseHandle) {}
}
