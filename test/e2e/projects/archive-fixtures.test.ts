import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, ROOT, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { legacyFolder } from '../../db/codepakt-import/legacy-db.js';
import { lines, readText } from './archive-helpers.js';

/** Real codepakt 0.1 project databases, migrated by `cpk init`, then carried to another server by an archive. */
const FIXTURES = join(ROOT, '..', 'shared', 'reference', 'fixtures');
const fixtures = [
  { file: 'codepakt-0.1-snake-game.db', tasks: 13, docs: 3 },
  { file: 'codepakt-0.1-strata.db', tasks: 15, docs: 2 },
];

let a: RunningServer;
let b: RunningServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  removeTempDirs();
});

function projectIdOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { project_id: string }>('SELECT DISTINCT project_id FROM tasks').get()!.project_id;
  } finally {
    db.close();
  }
}

describe.skipIf(!existsSync(FIXTURES))('the codepakt 0.1 fixtures, migrated, round-trip through an archive', () => {
  for (const fixture of fixtures) {
    it(`${fixture.file}: export → import on another server → export gives the same archive`, async () => {
      const source = join(FIXTURES, fixture.file);
      const projectId = projectIdOf(source);
      const cwd = tempDir('cpk-archive-legacy-');
      const dbFile = legacyFolder(cwd, projectId, '0.1.4');
      copyFileSync(source, dbFile);
      chmodSync(dbFile, 0o644);
      const envA = { CPK_URL: a.url, CPK_DATA_DIR: a.dataDir, CPK_PORT: '', CPK_TOKEN: '' };
      const init = await cpk(['init'], { cwd, env: envA });
      expect(init.code, init.stderr).toBe(0);

      const work = tempDir('cpk-archive-legacy-out-');
      const first = join(work, 'a.jsonl');
      const exported = await cpk(['export', '--out', first], { cwd, env: envA });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.json()).toMatchObject({ project_id: projectId, tasks: fixture.tasks, docs: fixture.docs });
      const records = lines(readText(first));
      expect(records.filter((r) => r.kind === 'event').at(-1)).toMatchObject({ type: 'project.migrated' });

      const envB = { CPK_URL: b.url, CPK_DATA_DIR: b.dataDir, CPK_PORT: '', CPK_TOKEN: '' };
      const imported = await cpk(['import', first], { cwd: work, env: envB });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json()).toMatchObject({ id: projectId, kind: 'hosted', imported: { tasks: fixture.tasks } });
      const again = await cpk(['export', '--project', projectId], { cwd: work, env: envB });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe(readText(first));

      // Numbering continues after codepakt's own counter.
      const header = records[0] as { project: { next_task_number: number } };
      const api = createClient(b.url);
      const made = await api.POST('/api/tasks', {
        params: { query: { project_id: projectId } },
        body: { title: 'after the move' },
      });
      expect(made.data?.data).toMatchObject({
        task_number: `T-${String(header.project.next_task_number).padStart(3, '0')}`,
      });
      expect(header.project.next_task_number).toBeGreaterThan(fixture.tasks);
    });
  }
});
