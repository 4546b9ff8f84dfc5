import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { loadPgMigrations, migrate, SCHEMA, SchemaTooNew, schemaVersion } from '../../../src/db/postgres/migrate.js';
import { withPgClient as withClient } from '../../helpers/postgres-cluster.js';
import { createDatabase, testCluster } from '../../helpers/postgres.js';

const cluster = testCluster();

describe.skipIf(!cluster)('PostgreSQL migrations', () => {
  it('twenty servers starting at once on a fresh database migrate it once', async () => {
    const db = await createDatabase(cluster!, 'migrate_race');
    try {
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => withClient(db.url, (c) => migrate(c))));
      const latest = loadPgMigrations().at(-1)!.version;
      expect(outcomes.every((o) => o.version === latest)).toBe(true);
      expect(outcomes.filter((o) => o.applied.length > 0)).toHaveLength(1);
      expect(outcomes.find((o) => o.applied.length > 0)?.applied).toEqual(loadPgMigrations().map((m) => m.version));
      const rows = await withClient(
        db.url,
        async (c) => (await c.query(`SELECT version FROM ${SCHEMA}.schema_migrations`)).rows,
      );
      expect(rows).toHaveLength(loadPgMigrations().length);
      // And catalogs opened at once on it serve.
      const catalogs = await Promise.all(Array.from({ length: 4 }, () => PostgresCatalog.open(db.url, systemClock)));
      const made = await catalogs[0]!.createHosted({ name: 'shared' });
      for (const c of catalogs) expect((await c.get(made.project.id)).name).toBe('shared');
      await Promise.all(catalogs.map((c) => c.close()));
    } finally {
      await db.drop();
    }
  });

  it('refuses a database whose schema is newer than this server, naming both versions', async () => {
    const db = await createDatabase(cluster!, 'migrate_newer');
    try {
      await withClient(db.url, (c) => migrate(c));
      const latest = loadPgMigrations().at(-1)!.version;
      await withClient(db.url, (c) =>
        c.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, 'from the future')`, [latest + 1]),
      );
      const err = await PostgresCatalog.open(db.url, systemClock).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SchemaTooNew);
      expect((err as Error).message).toContain(`version ${latest + 1}, newer than this server's (${latest})`);
      expect(await withClient(db.url, (c) => schemaVersion(c))).toBe(latest + 1);
    } finally {
      await db.drop();
    }
  });

  it('a failing migration leaves nothing applied', async () => {
    const db = await createDatabase(cluster!, 'migrate_broken');
    try {
      const broken = [...loadPgMigrations(), { version: 999, name: '0999_broken.sql', sql: 'CREATE TABLE x (;' }];
      await expect(withClient(db.url, (c) => migrate(c, broken))).rejects.toThrow(/syntax error/);
      const left = await withClient(
        db.url,
        async (c) =>
          (await c.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [SCHEMA])).rows[0]?.n,
      );
      expect(left).toBe(0);
      expect((await withClient(db.url, (c) => migrate(c))).applied.length).toBe(loadPgMigrations().length);
    } finally {
      await db.drop();
    }
  });

  it('the events table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = await createDatabase(cluster!, 'append_only');
    try {
      const catalog = await PostgresCatalog.open(db.url, systemClock);
      const id = (await catalog.createHosted({ name: 'log' })).project.id;
      await (await catalog.open(id)).tasks.create([{ title: 'a' }], 'ann');
      await catalog.close();
      await withClient(db.url, async (c) => {
        await c.query(`SET search_path = ${SCHEMA}`);
        await expect(c.query("UPDATE events SET actor = 'mallory'")).rejects.toThrow(/append-only/);
        await expect(c.query('DELETE FROM events')).rejects.toThrow(/append-only/);
        await expect(c.query('TRUNCATE events')).rejects.toThrow(/append-only/);
        expect((await c.query('SELECT count(*)::int AS n FROM events')).rows[0]).toEqual({ n: 2 });
      });
    } finally {
      await db.drop();
    }
  });

  it('cannot open a database that is not there or does not answer: the error names it, never the password', async () => {
    const url = new URL(cluster!.url);
    url.pathname = '/no_such_database';
    await expect(PostgresCatalog.open(url.toString(), systemClock)).rejects.toThrow(
      `Cannot use the PostgreSQL database no_such_database on 127.0.0.1:${cluster!.port}: database "no_such_database" does not exist`,
    );
    url.password = 'secret';
    url.port = String(cluster!.port + 1);
    const err = (await PostgresCatalog.open(url.toString(), systemClock).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /^Cannot use the PostgreSQL database no_such_database on 127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
    expect(err.message).not.toContain('secret');
  });
});
