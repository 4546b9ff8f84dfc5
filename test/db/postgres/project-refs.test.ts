import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { SCHEMA } from '../../../src/db/postgres/migrate.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

/**
 * Tasks and events name an existing project. For tasks it is checked once per statement (migration
 * 0005) where a foreign key checked every row; events keep their key. The outcomes are the same.
 */
describe.skipIf(!testCluster())('rows naming their project', () => {
  const db = useTestDatabase('project_refs');
  let catalog: PostgresCatalog;
  let s: ProjectStore;
  let projectId: string;
  let a: pg.Client;
  let b: pg.Client;
  const sqlState = (err: unknown) => (err as { code?: string }).code;
  const fails = (p: Promise<unknown>) => p.then(() => 'ok', sqlState);

  beforeAll(async () => {
    catalog = await PostgresCatalog.open(db.url(), systemClock);
    projectId = (await catalog.createHosted({ name: 'refs' })).project.id;
    s = await catalog.open(projectId);
    a = new pg.Client({ connectionString: db.url(), options: `-c search_path=${SCHEMA}` });
    b = new pg.Client({ connectionString: db.url(), options: `-c search_path=${SCHEMA}` });
    await Promise.all([a.connect(), b.connect()]);
  });
  afterAll(async () => {
    await Promise.all([a?.end(), b?.end()]);
    await catalog?.close();
  });

  const insertTasks = (c: pg.Client, projects: string[], first: number) =>
    c.query(
      `INSERT INTO tasks (project_id, number, id, title, status, priority, created_at, updated_at)
       SELECT p, $2 + i, 'id-' || ($2 + i), 't', 'open', 'P1', now(), now()
       FROM unnest($1::text[]) WITH ORDINALITY AS x(p, i)`,
      [projects, first],
    );
  const insertEvent = (c: pg.Client, project: string, seq: number) =>
    c.query(
      `INSERT INTO events (project_id, seq, type, entity_id, actor, payload, created_at)
       VALUES ($1, $2, 'test', 'e', 'ann', '{}', now())`,
      [project, seq],
    );

  it('a statement with a row naming no project is refused whole (23503, naming the key)', async () => {
    await s.tasks.create([{ title: 'real' }], 'ann');
    const err = await insertTasks(a, [projectId, 'no-such-project', projectId], 1000).catch((e: unknown) => e);
    expect(sqlState(err)).toBe('23503');
    expect((err as pg.DatabaseError).detail).toBe(
      'Key (project_id)=(no-such-project) is not present in table "projects".',
    );
    expect(await fails(insertEvent(a, 'no-such-project', 1))).toBe('23503');
    expect(
      await fails(a.query(`UPDATE tasks SET project_id = 'no-such-project' WHERE project_id = $1`, [projectId])),
    ).toBe('23503');
    const { rows } = await a.query('SELECT count(*)::int AS n FROM tasks WHERE project_id = $1', [projectId]);
    expect(rows[0]).toEqual({ n: 1 });
    // Rows of several existing projects in one statement are taken.
    await a.query(`INSERT INTO projects (id, name, created_at) VALUES ('second', 's', now())`);
    await insertTasks(a, [projectId, 'second'], 2000);
  });

  it('a project that tasks or events name cannot be deleted nor renamed; one named by none can', async () => {
    await a.query(`INSERT INTO projects (id, name, created_at) VALUES ('logged', 'l', now()), ('bare', 'b', now())`);
    await insertEvent(a, 'logged', 1);
    expect(await fails(a.query(`DELETE FROM projects WHERE id = 'second'`))).toBe('23503');
    expect(await fails(a.query(`UPDATE projects SET id = 'moved' WHERE id = 'second'`))).toBe('23503');
    expect(await fails(a.query(`DELETE FROM projects WHERE id = 'logged'`))).toBe('23503');
    await a.query(`UPDATE projects SET name = 'renamed only' WHERE id = 'second'`);
    await a.query(`UPDATE projects SET id = 'bare2' WHERE id = 'bare'`);
    await a.query(`DELETE FROM projects WHERE id = 'bare2'`);
  });

  it('an inserting transaction holds its project until it ends: a delete waits for it', async () => {
    await a.query(`INSERT INTO projects (id, name, created_at) VALUES ('held', 'h', now())`);
    await a.query('BEGIN');
    await insertTasks(a, ['held'], 1);
    await b.query(`SET lock_timeout = '300ms'`);
    expect(await fails(b.query(`DELETE FROM projects WHERE id = 'held'`))).toBe('55P03');
    await a.query('ROLLBACK');
    await b.query(`DELETE FROM projects WHERE id = 'held'`);
    await b.query('RESET lock_timeout');
  });
});
