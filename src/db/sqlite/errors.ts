import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type ApiError, projectUnavailable, storageFull, storageReadOnly } from '../../core/errors.js';

/**
 * SQLite's failures turned into the storage-neutral errors of core/errors.ts: above src/db nothing
 * knows SQLite's codes.
 */

/** What a failed SQLite call says about the file itself; undefined for a faulty query or any other error. */
export type StorageTrouble = 'damaged' | 'full' | 'read_only' | 'io';

export function storageTrouble(err: unknown): StorageTrouble | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return 'damaged';
  if (code === 'SQLITE_FULL') return 'full';
  if (/^SQLITE_(READONLY|PERM)/.test(code)) return 'read_only';
  if (/^SQLITE_(IOERR|CANTOPEN)/.test(code)) return 'io';
  return undefined;
}

/** The error to answer with for a storage failure of `file`, naming it and what to do; undefined when `err` is not one. */
export function storageError(err: unknown, file: string): ApiError | undefined {
  const trouble = storageTrouble(err);
  if (!trouble) return undefined;
  const cause = `${(err as { code: string }).code}: ${(err as Error).message}`;
  switch (trouble) {
    case 'full':
      return diskFull(file, cause);
    case 'damaged':
      return damaged(file, cause);
    case 'read_only':
      return readOnlyFolder(dirname(file), cause);
    case 'io':
      return projectUnavailable(
        `The project's database ${file} cannot be read or written (${cause}); check the disk and the file, then retry`,
      );
  }
}

/** SQLite failures that mean the file itself cannot be used (damaged, gone, unwritable, disk full), not a faulty query. */
const STORAGE_FAILURE = /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|READONLY|FULL|PERM)/;

/**
 * A storage failure of a database whose file is not known here (opening or registering a project): the
 * project is unavailable, or the disk full; undefined for any other error.
 */
export function unnamedStorageError(err: unknown): ApiError | undefined {
  if (!(err instanceof Database.SqliteError) || !STORAGE_FAILURE.test(err.code)) return undefined;
  const cause = `${err.code}: ${err.message}`;
  if (storageTrouble(err) === 'full') return diskFull(undefined, cause);
  return projectUnavailable(
    `The project database cannot be used (${cause}); restore it from a backup or run \`cpk init\` again`,
  );
}

export function diskFull(file: string | undefined, cause: string): ApiError {
  const where = file ? `holding the project's database ${file} ` : '';
  return storageFull(
    `The disk ${where}is full (${cause}): nothing was written. Free space on it and retry; no restart is needed`,
  );
}

export function damaged(file: string, cause: string): ApiError {
  return projectUnavailable(
    `The project's database ${file} is damaged (${cause}); its writes are stopped. Run \`cpk doctor\` for a full check, and restore the file from a backup`,
  );
}

export function readOnlyFolder(folder: string, cause?: string): ApiError {
  return storageReadOnly(
    `The folder ${folder} holding the project's database is read-only${cause ? ` (${cause})` : ''}: reads work, writes are refused. Make it writable and retry`,
  );
}
