import { afterAll, beforeAll, describe } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { ApiError } from '../../../src/core/errors.js';
import type { ProjectCatalog, ProjectStore } from '../../../src/core/ports.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { SqliteCatalog } from '../../../src/db/sqlite/catalog.js';
import { postgresMissing, testCluster, useTestDatabase } from '../../helpers/postgres.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

/**
 * The storage contract, run the same on every backend: a catalog of each kind over the same clock,
 * and a fresh project of it for each test.
 */

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

/** A clock the tests set and move by hand. */
export class ManualClock implements Clock {
  private t = Date.parse('2026-01-01T00:00:00.000Z');
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export interface Backend {
  name: BackendName;
  catalog: ProjectCatalog;
  clock: ManualClock;
  /** A new empty project, its store opened; the clock set back to 2026-01-01T00:00:00Z. */
  project(name?: string): Promise<ProjectStore>;
}

/**
 * `describe` once per backend, each with its catalog opened before its tests and closed after them.
 * PostgreSQL's is skipped, saying why, when PostgreSQL is not installed.
 */
export function describeEachBackend(title: string, body: (b: () => Backend) => void): void {
  const pgDb = useTestDatabase('contract');
  for (const name of BACKENDS) {
    const skip = name === 'postgres' && !testCluster();
    describe.skipIf(skip)(`${title} [${name}]`, () => {
      let backend: Backend | undefined;
      beforeAll(async () => {
        backend = await openBackend(name, () => pgDb.url());
      });
      afterAll(async () => {
        await backend?.catalog.close();
        removeTempDirs();
      });
      body(() => {
        if (!backend) throw new Error(`${name} backend not opened`);
        return backend;
      });
    });
    if (skip) console.warn(postgresMissing());
  }
}

export async function openBackend(name: BackendName, pgUrl: () => string): Promise<Backend> {
  const clock = new ManualClock();
  const catalog: ProjectCatalog =
    name === 'sqlite' ? new SqliteCatalog(tempDir('cpk-contract-'), clock) : await PostgresCatalog.open(pgUrl(), clock);
  return {
    name,
    catalog,
    clock,
    project: async (projectName = 'contract') => {
      clock.set('2026-01-01T00:00:00.000Z');
      const { project } =
        name === 'sqlite'
          ? await catalog.register({ name: projectName, path: tempDir('cpk-contract-project-') })
          : await catalog.createHosted({ name: projectName });
      return catalog.open(project.id);
    },
  };
}

/** What a refused call threw: its code and message (fails when it did not refuse). */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string; status: number }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.message, status: err.status };
    throw err;
  }
  throw new Error('expected a refusal, the call succeeded');
}
