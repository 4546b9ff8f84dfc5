import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * The PostgreSQL schema's migrations: plain SQL files (`NNNN_name.sql`), applied in order, each once,
 * all in one transaction under an advisory lock, so that replicas starting at the same moment migrate
 * once and the others wait and find it done. A database whose schema is newer than this server's is
 * refused: an older replica must not write what it does not understand.
 */

export const SCHEMA = 'codepakt';

/** `pg_advisory_xact_lock` keys: "cpkt", 1. */
const LOCK = [0x63706b74, 1] as const;

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Beside this module in source (migrations/), beside the bundle in dist/ (postgres-migrations/). */
function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'postgres-migrations');
  return existsSync(bundled) ? bundled : join(here, 'migrations');
}

export function loadPgMigrations(dir = migrationsDir()): PgMigration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export class SchemaTooNew extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database's codepakt schema is version ${found}, newer than this server's (${known}): a newer codepakt migrated it. Run that version (or newer) here; this one refuses to serve it`,
    );
    this.name = 'SchemaTooNew';
  }
}

export interface MigrationOutcome {
  /** The schema version after migrating. */
  version: number;
  /** Versions this call applied (none when another replica, or an earlier start, did). */
  applied: number[];
}

/** Bring the database's schema up to date, or refuse one newer than `migrations` know. */
export async function migrate(client: pg.ClientBase, migrations = loadPgMigrations()): Promise<MigrationOutcome> {
  const known = migrations.at(-1)?.version ?? 0;
  await client.query('BEGIN');
  try {
    // Taken before anything is created: concurrent `CREATE … IF NOT EXISTS` can still collide.
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`SET LOCAL search_path = ${SCHEMA}, public`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (
         version    integer PRIMARY KEY,
         name       text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const found = await schemaVersion(client);
    if (found > known) throw new SchemaTooNew(found, known);
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= found) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return { version: Math.max(found, known), applied };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The newest migration applied to the database (0 before any). */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM ${SCHEMA}.schema_migrations`,
  );
  return rows[0]?.v ?? 0;
}
