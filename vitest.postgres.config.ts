import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The route suites again, over PostgreSQL: `npx vitest run --config vitest.postgres.config.ts`. Their
 * import of test/helpers/app.js is pointed at test/helpers/postgres-app.ts; nothing else changes.
 * Left out by name, each with its PostgreSQL counterpart under test/db/postgres: tests that open the
 * SQLite file itself, or register a folder (a PostgreSQL server keeps no project in a folder).
 */
const SQLITE_ONLY = [
  'the events table refuses UPDATE and DELETE',
  'the project database passes integrity checks afterwards, and the server still works',
  'application/json with a charset parameter is accepted',
];

// Spread, not merged: mergeConfig would add these files to the base's include instead of replacing it.
export default defineConfig({
  ...base,
  resolve: {
    alias: [
      {
        find: /^(\.\.\/)+helpers\/app\.js$/,
        replacement: fileURLToPath(new URL('./test/helpers/postgres-app.ts', import.meta.url)),
      },
    ],
  },
  test: {
    ...base.test,
    include: [
      'test/server/tasks/{lifecycle,create-read,events,leases,review-cancel,dependencies,search,dependents}.test.ts',
      'test/server/docs/{docs-api,search,snippet-runs}.test.ts',
      'test/server/{bad-input,nul-text}.test.ts',
      'test/server/files/reservation-expiry.test.ts',
      'test/server/files/waiting-pickup.test.ts',
      'test/server/mcp/in-process.test.ts',
      'test/e2e/hardening/fuzz.test.ts',
    ],
    testNamePattern: new RegExp(
      `^(?!.*(${SQLITE_ONLY.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`,
    ),
  },
});
