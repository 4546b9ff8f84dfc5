import type { Db } from './database.js';
import { stmt } from './statements.js';
import { DEFAULT_SETTINGS, type ProjectSettings } from '../../core/types.js';

interface MetaRow {
  key: string;
  value: string;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = stmt<[string], MetaRow>(db, 'SELECT key, value FROM meta WHERE key = ?').get(key);
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function readSettings(db: Db): ProjectSettings {
  const raw = getMeta(db, 'settings');
  if (!raw) return { ...DEFAULT_SETTINGS };
  const parsed = JSON.parse(raw) as Partial<ProjectSettings>;
  return { ...DEFAULT_SETTINGS, ...parsed };
}

export function writeSettings(db: Db, settings: ProjectSettings): void {
  setMeta(db, 'settings', JSON.stringify(settings));
}

/** Next value of a per-project counter (task and doc numbers are never reused). */
export function nextCounter(db: Db, key: string, count = 1): number {
  const current = Number(getMeta(db, key) ?? '0');
  setMeta(db, key, String(current + count));
  return current + 1;
}
