import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type Clock, systemClock } from '../../src/core/clock.js';
import type { ProjectStore } from '../../src/core/ports.js';
import { PostgresCatalog } from '../../src/db/postgres/catalog.js';
import { SCHEMA } from '../../src/db/postgres/migrate.js';
import { useTestDatabase } from './postgres.js';

export interface HostedProject {
  url(): string;
  projectId(): string;
  store(): ProjectStore;
  /** A client of its own on the codepakt schema, for what a test reads or runs beside the store. */
  sql(): pg.Client;
}

/**
 * A hosted project in a database of the test file's own, opened before its tests through the
 * PostgreSQL catalog (on `clock`), with a SQL client beside it; both closed after them.
 */
export function useHostedProject(prefix: string, clock: Clock = systemClock): HostedProject {
  const db = useTestDatabase(prefix);
  let catalog: PostgresCatalog | undefined;
  let store: ProjectStore | undefined;
  let projectId: string | undefined;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    catalog = await PostgresCatalog.open(db.url(), clock);
    projectId = (await catalog.createHosted({ name: prefix })).project.id;
    store = await catalog.open(projectId);
    client = new pg.Client({ connectionString: db.url(), options: `-c search_path=${SCHEMA}` });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await catalog?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the project is opened before the tests');
    return value;
  };
  return {
    url: db.url,
    projectId: () => opened(projectId),
    store: () => opened(store),
    sql: () => opened(client),
  };
}
