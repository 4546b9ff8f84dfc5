/**
 * Migration of a project folder made by codepakt 0.1 (schema 2) or 0.2 (schema 3): its
 * `.codepakt/data.db` is copied to `data.db.bak-<timestamp>`, then rewritten in place, in one
 * transaction, into our schema: tasks keep their ids and numbers, docs become D-001…, events keep
 * their order, and the task counter continues from theirs.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ApiError } from '../../core/errors.js';
import { DEFAULT_SETTINGS } from '../../core/types.js';
import { migrate } from '../sqlite/database.js';
import { convertLegacyProject } from './convert.js';
import type { MigrationReport } from './legacy-rows.js';
import { legacySchemaVersion, readLegacy } from './read.js';
import { dropAllTables, writePlan } from './write.js';

export const SUPPORTED_LEGACY_VERSIONS = [2, 3];

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
