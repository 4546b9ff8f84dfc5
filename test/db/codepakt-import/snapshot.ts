import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every row of every table of our schema, for "nothing changed" comparisons. */
export function databaseSnapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = ['meta', 'tasks', 'task_deps', 'task_tags', 'docs', 'agents', 'events'];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

/** The project folder's files (names and contents), the database files aside. */
export function folderSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, name);
      else if (!/^data\.db(-wal|-shm)?$/.test(entry.name))
        out[name] = entry.name.startsWith('data.db.bak-') ? '(backup)' : readFileSync(path, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
