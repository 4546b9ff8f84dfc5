/** An archive written into a new project database file, all of it or none. */
import { setClaimFiles } from './file-holds.js';
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { lineError } from '../../core/archive/fields.js';
import type { ArchiveCounts, EntityRecord, HeaderRecord } from '../../core/archive/format.js';
import type { OpenedArchive } from '../../core/archive/reader.js';
import { parseTaskNumber, parseDocNumber } from '../../core/rules/numbering.js';
import { type Db, migrate } from './database.js';
import { docRow, taskRow } from './archive-rows.js';
import { insertDocRow } from './doc-queries.js';
import { setMeta, writeSettings } from './meta.js';
import { storageError } from './errors.js';
import { stmt } from './statements.js';
import { insertTask, insertTaskDeps, insertTaskTags } from './task-queries.js';

/** Archive field names of the columns a UNIQUE constraint can refuse. */
const FIELD_OF_COLUMN: Record<string, string> = {
  'tasks.id': 'id',
  'tasks.client_key': 'key',
  'tasks.number': 'task_number',
  'docs.id': 'id',
  'docs.number': 'id',
  'events.id': 'id',
  'agents.name': 'name',
};

/**
 * Build the project's database at `file` (a new file no one else opens) from the archive, reading it
 * to its end. The file is only written, never journaled: until it is renamed into place it is nobody's
 * data, and a failure deletes it (the caller's part), so SQLite's own rollback journal would buy nothing
 * but time. Once the archive has been read whole, the file is switched to WAL, closed and flushed to disk.
 */
export async function writeArchiveDatabase(
  file: string,
  archive: OpenedArchive,
  projectId: string,
): Promise<ArchiveCounts> {
  const db = new Database(file);
  const counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  try {
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -2000');
    migrate(db);
    db.exec('BEGIN');
    for await (const batch of archive.batches)
      for (const { line, record } of batch) {
        try {
          insert(db, record, counts);
        } catch (err) {
          throw refusal(err, line, record) ?? storageError(err, file) ?? err;
        }
      }
    writeMeta(db, archive.header.record, projectId);
    db.exec('COMMIT');
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw storageError(err, file) ?? err;
  } finally {
    db.close();
  }
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return counts;
}

function insert(db: Db, record: EntityRecord, counts: ArchiveCounts): void {
  switch (record.kind) {
    case 'agent':
      stmt(db, 'INSERT INTO agents (name, created_at, last_seen) VALUES (?, ?, ?)').run(
        record.name,
        record.created_at,
        record.last_seen,
      );
      counts.agents++;
      return;
    case 'task': {
      const deps = record.depends_on.map((d) => parseTaskNumber(d) ?? 0);
      const row = taskRow(record, deps);
      insertTask(db, row);
      // A live claim's files are held again, as its pickup held them.
      if (row.status === 'in-progress' && row.assignee && record.files?.length)
        setClaimFiles(db, row.number, record.files);
      insertTaskDeps(db, row.number, deps);
      insertTaskTags(db, row.number, record.tags);
      counts.tasks++;
      return;
    }
    case 'doc':
      insertDocRow(db, docRow(record, parseDocNumber(record.id) ?? 0));
      counts.docs++;
      return;
    case 'event':
      stmt(db, 'INSERT INTO events (id, type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        record.id,
        record.type,
        record.entity_id,
        record.actor,
        JSON.stringify(record.payload),
        record.created_at,
      );
      counts.events++;
      return;
  }
}

function writeMeta(db: Db, header: HeaderRecord, projectId: string): void {
  const p = header.project;
  setMeta(db, 'project_id', projectId);
  setMeta(db, 'project_name', p.name);
  setMeta(db, 'created_at', p.created_at);
  writeSettings(db, p.settings);
  // The counters hold the last number given.
  setMeta(db, 'next_task_number', String(p.next_task_number - 1));
  setMeta(db, 'next_doc_number', String(p.next_doc_number - 1));
}

/** A record the database refused as a duplicate (a task id given twice, a client key reused), named by its line. */
function refusal(err: unknown, line: number, record: EntityRecord) {
  const code = (err as { code?: unknown }).code;
  if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' && code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
  const column = /constraint failed: ([\w.]+)/.exec((err as Error).message)?.[1] ?? '';
  const field = FIELD_OF_COLUMN[column] ?? column;
  const value = (record as unknown as Record<string, unknown>)[field];
  return lineError(line, field, `${JSON.stringify(value)} is already the ${field} of an earlier ${record.kind} line`);
}
