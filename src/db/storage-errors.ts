import { dirname } from 'node:path';
import { ApiError } from '../core/errors.js';

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
      return new ApiError(
        'project_unavailable',
        `The project's database ${file} cannot be read or written (${cause}); check the disk and the file, then retry`,
      );
  }
}

export function diskFull(file: string | undefined, cause: string): ApiError {
  const where = file ? `holding the project's database ${file} ` : '';
  return new ApiError(
    'disk_full',
    `The disk ${where}is full (${cause}): nothing was written. Free space on it and retry; no restart is needed`,
  );
}

export function damaged(file: string, cause: string): ApiError {
  return new ApiError(
    'project_unavailable',
    `The project's database ${file} is damaged (${cause}); its writes are stopped. Run \`cpk doctor\` for a full check, and restore the file from a backup`,
  );
}

export function readOnlyFolder(folder: string, cause?: string): ApiError {
  return new ApiError(
    'project_unavailable',
    `The folder ${folder} holding the project's database is read-only${cause ? ` (${cause})` : ''}: reads work, writes are refused. Make it writable and retry`,
  );
}
