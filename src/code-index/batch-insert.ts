/** Rows added many to a statement: one call into SQLite per batch of rows instead of one per row. */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

type Statement = Database.Statement<unknown[]>;

const BATCH = 64;

export class BatchInsert {
  private readonly one: Statement;
  private readonly many: Statement;
  private readonly width: number;
  private pending: unknown[] = [];

  constructor(db: Db, table: string, columns: string[]) {
    this.width = columns.length;
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.one = db.prepare<unknown[]>(head + row);
    this.many = db.prepare<unknown[]>(head + Array.from({ length: BATCH }, () => row).join(', '));
  }

  add(...values: unknown[]): void {
    for (const v of values) this.pending.push(v);
    if (this.pending.length === this.width * BATCH) {
      this.many.run(...this.pending);
      this.pending = [];
    }
  }

  /** Write what is still held (before anything reads or deletes these rows). */
  flush(): void {
    for (let i = 0; i < this.pending.length; i += this.width) this.one.run(...this.pending.slice(i, i + this.width));
    this.pending = [];
  }
}
