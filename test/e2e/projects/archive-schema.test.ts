import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src/db/sqlite/database.js';
import { ARCHIVED_COLUMNS } from '../../../src/db/sqlite/archive-rows.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

/** Tables an archive does not carry: derived from the tasks and docs on import, or SQLite's own. */
const DERIVED = ['task_deps', 'task_tags', 'sqlite_sequence', 'task_file_holds', 'task_counts'];
/** Ad-hoc file reservations are short-lived and held by agents at work: an archive does not carry them. */
const NOT_CARRIED = ['file_reservations', 'reservation_globs'];

describe('the archive and the schema', () => {
  it('carries every column of every table the migrations make: a new column needs its place in the archive', () => {
    const db = openDatabase(join(tempDir('cpk-archive-schema-'), 'data.db'));
    try {
      const tables = db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'docs_fts%' ORDER BY name",
        )
        .all()
        .map((t) => t.name)
        .filter((t) => !DERIVED.includes(t) && !NOT_CARRIED.includes(t) && t !== 'meta');
      expect(tables).toEqual(Object.keys(ARCHIVED_COLUMNS).sort());
      for (const table of tables) {
        const columns = db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
          .all()
          .map((c) => c.name);
        expect(columns.sort(), table).toEqual([...ARCHIVED_COLUMNS[table as keyof typeof ARCHIVED_COLUMNS]].sort());
      }
    } finally {
      db.close();
    }
  });
});
