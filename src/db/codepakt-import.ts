/**
 * Migration of a project folder made by codepakt 0.1 (schema 2) or 0.2 (schema 3): its
 * `.codepakt/data.db` is copied to `data.db.bak-<timestamp>`, then rewritten in place, in one
 * transaction, into our schema: tasks keep their ids and numbers, docs become D-001…, events keep
 * their order, and the task counter continues from theirs.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError } from '../core/errors.js';
import { DEFAULT_SETTINGS } from '../core/types.js';
import {
  convertLegacyProject,
  type ImportPlan,
  type LegacyAgent,
  type LegacyDoc,
  type LegacyEvent,
  type LegacyProject,
  type LegacyTask,
  type MigrationReport,
} from './codepakt-convert.js';
import { migrate, type Db } from './database.js';
import { insertDocRow } from './docs.js';
import { setMeta } from './meta.js';
import { insertTask, setTaskDeps, setTaskTags } from './tasks.js';

export const SUPPORTED_LEGACY_VERSIONS = [2, 3];

/** codepakt's schema version when `db` is one of its databases (a `schema_version` table, no user_version); else undefined. */
export function legacySchemaVersion(db: Db): number | undefined {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return undefined;
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return undefined;
  const row = db.prepare<[], { version: number }>('SELECT MAX(version) AS version FROM schema_version').get();
  return Number(row?.version ?? 0);
}

export interface LegacyMigration extends MigrationReport {
  backup: string;
}

/**
 * Migrate `file` in place if it is a codepakt database; undefined when it is not (or no longer is:
 * another process got there first). Failures leave the file as it was and name the backup.
 */
export function migrateCodepaktDatabase(
  projectPath: string,
  file: string,
  now = new Date(),
): LegacyMigration | undefined {
  if (!existsSync(file)) return undefined;
  const db = new Database(file);
  let backup: string | undefined;
  try {
    db.pragma('busy_timeout = 5000');
    const version = legacySchemaVersion(db);
    if (version === undefined) return undefined;
    if (!SUPPORTED_LEGACY_VERSIONS.includes(version)) {
      const message = `${file} is a codepakt database of schema version ${version}; only versions 2 (codepakt 0.1) and 3 (codepakt 0.2) can be migrated`;
      throw new ApiError('validation_error', `path: ${message}`, [{ path: 'path', message }]);
    }
    backup = backupPath(file, now);
    // A consistent copy that includes whatever still sits in their write-ahead log.
    db.prepare('VACUUM INTO ?').run(backup);
    const report = db
      .transaction(() => {
        if (legacySchemaVersion(db) === undefined) return undefined;
        const plan = convertLegacyProject(readLegacy(db, version, projectPath), now, DEFAULT_SETTINGS.lease_seconds);
        dropAllTables(db);
        migrate(db);
        writePlan(db, plan);
        return plan.report;
      })
      .immediate();
    return report && { ...report, backup };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const message = `migrating the codepakt database ${file} failed and changed nothing${backup ? ` (a copy is at ${backup})` : ''}: ${(err as Error).message}`;
    throw new ApiError('validation_error', `path: ${message}`, [{ path: 'path', message }]);
  } finally {
    db.close();
  }
}

function backupPath(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let candidate = `${file}.bak-${stamp}`;
  for (let i = 2; existsSync(candidate); i++) candidate = `${file}.bak-${stamp}-${i}`;
  return candidate;
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

function readLegacy(db: Db, schemaVersion: number, projectPath: string): LegacyProject {
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

/** Their tables go (they live on in the backup): virtual tables first, as they own shadow tables. */
function dropAllTables(db: Db): void {
  const list = (virtual: boolean) =>
    db
      .prepare<[], { name: string; sql: string | null }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all()
      .filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '') === virtual);
  for (const view of db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'view'").all())
    db.exec(`DROP VIEW IF EXISTS "${view.name.replace(/"/g, '""')}"`);
  for (const t of list(true)) db.exec(`DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}"`);
  for (const t of list(false)) db.exec(`DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}"`);
}

function writePlan(db: Db, plan: ImportPlan): void {
  for (const task of plan.tasks) insertTask(db, task);
  for (const d of plan.deps) setTaskDeps(db, d.task, d.dependsOn);
  for (const t of plan.tags) setTaskTags(db, t.task, t.tags);
  for (const doc of plan.docs) insertDocRow(db, doc);
  const agent = db.prepare('INSERT INTO agents (name, created_at, last_seen) VALUES (?, ?, ?)');
  for (const a of plan.agents) agent.run(a.name, a.created_at, a.last_seen);
  const event = db.prepare('INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  for (const e of plan.events) event.run(e.type, e.entity_id, e.actor, JSON.stringify(e.payload ?? null), e.created_at);
  setMeta(db, 'project_id', plan.identity.id);
  setMeta(db, 'project_name', plan.identity.name);
  setMeta(db, 'created_at', plan.identity.created_at);
  setMeta(db, 'next_task_number', String(plan.lastTaskNumber));
  setMeta(db, 'next_doc_number', String(plan.lastDocNumber));
}
