/** Reading a codepakt 0.1/0.2 database: its schema version and one project's rows. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../sqlite/database.js';
import type { LegacyAgent, LegacyDoc, LegacyEvent, LegacyProject, LegacyTask } from './legacy-rows.js';

/** codepakt's schema version when `db` is one of its databases (a `schema_version` table, no user_version); else undefined. */
export function legacySchemaVersion(db: Db): number | undefined {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return undefined;
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return undefined;
  const row = db.prepare<[], { version: number }>('SELECT MAX(version) AS version FROM schema_version').get();
  return Number(row?.version ?? 0);
}

/** The live project id: the one their `.codepakt/config.json` names, else the most recently active one in the file. */
function chooseProjectId(db: Db, projectPath: string, tables: Set<string>): string {
  try {
    const config = JSON.parse(readFileSync(join(projectPath, '.codepakt', 'config.json'), 'utf8')) as {
      project_id?: unknown;
    };
    if (typeof config.project_id === 'string' && config.project_id.trim()) return config.project_id.trim();
  } catch {
    // no readable config: fall back to the data
  }
  const sources = ['tasks', 'events', 'docs']
    .filter((t) => tables.has(t))
    .map((t) => `SELECT project_id, created_at FROM ${t}`);
  if (sources.length > 0) {
    const row = db
      .prepare<[], { project_id: string }>(
        `SELECT project_id, MAX(created_at) AS last FROM (${sources.join(' UNION ALL ')}) GROUP BY project_id ORDER BY last DESC LIMIT 1`,
      )
      .get();
    if (row?.project_id) return row.project_id;
  }
  return randomUUID();
}

export function readLegacy(db: Db, schemaVersion: number, projectPath: string): LegacyProject {
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => r.name),
  );
  const projectId = chooseProjectId(db, projectPath, tables);
  // Table names below are fixed strings; only the project id is data, and it is bound.
  const rows = <T>(table: string, order: string): T[] =>
    tables.has(table)
      ? db.prepare<[string], T>(`SELECT * FROM ${table} WHERE project_id = ? ORDER BY ${order}`).all(projectId)
      : [];
  const others = (table: string): number =>
    tables.has(table)
      ? (db
          .prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id IS NOT ?`)
          .get(projectId)?.n ?? 0)
      : 0;
  const next = tables.has('metadata')
    ? db.prepare<[], { value: string }>("SELECT value FROM metadata WHERE key = 'next_task_number'").get()?.value
    : undefined;
  return {
    schemaVersion,
    projectId,
    projectName: basename(projectPath) || 'project',
    nextTaskNumber: next,
    tasks: rows<LegacyTask>('tasks', 'rowid'),
    events: rows<LegacyEvent>('events', 'created_at, rowid'),
    docs: rows<LegacyDoc>('docs', 'created_at, rowid'),
    agents: rows<LegacyAgent>('agents', 'rowid'),
    otherProjectRows: ['tasks', 'events', 'docs', 'agents'].reduce((sum, t) => sum + others(t), 0),
  };
}
