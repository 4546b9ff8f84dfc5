import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The end-to-end suites again, their servers over PostgreSQL: `npx vitest run --config
 * vitest.e2e-postgres.config.ts`. CPK_TEST_BACKEND=postgres makes test/helpers/processes.ts
 * startServer give each server data dir a fresh database of the run's cluster (test/helpers/backend.ts);
 * the suites themselves are unchanged. Left out: files that already run on PostgreSQL by themselves,
 * and, by name, tests of what only SQLite has, each with its reason.
 */
const ALREADY_POSTGRES = [
  'test/e2e/postgres-replicas.test.ts',
  'test/e2e/postgres-fleet/**',
  'test/e2e/projects/archive-postgres.test.ts',
];

/** Whole files about the SQLite files themselves. */
const SQLITE_ONLY_FILES: string[] = [];

/** Tests by name: what they check exists only on SQLite. */
const SQLITE_ONLY: string[] = [];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/e2e/**/*.test.ts', 'test/cli/**/*.test.ts'],
    exclude: [...(base.test?.exclude ?? ['**/node_modules/**']), ...ALREADY_POSTGRES, ...SQLITE_ONLY_FILES],
    env: { CPK_TEST_BACKEND: 'postgres' },
    ...(SQLITE_ONLY.length > 0
      ? {
          testNamePattern: new RegExp(
            `^(?!.*(${SQLITE_ONLY.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`,
          ),
        }
      : {}),
  },
});
