import { closeSync, existsSync, openSync, readSync } from 'node:fs';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** What is wrong with a project database that will not open, and what to do about it. */
export function openFailure(file: string, err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message;
  if (!existsSync(file)) {
    return `its database ${file} no longer exists (was the folder deleted or moved?). Restore it, or run \`cpk init\` in that folder to start a new project there`;
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || !hasSqliteHeader(file)) {
    return `its database ${file} is damaged or not an SQLite database (${message}). Restore it from a backup`;
  }
  return `cannot open its database ${file}: ${message}`;
}

/** Whether `file` starts like an SQLite database; an unreadable file counts as not. */
function hasSqliteHeader(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      readSync(fd, head, 0, 16, 0);
      return head.toString('latin1') === SQLITE_HEADER;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
