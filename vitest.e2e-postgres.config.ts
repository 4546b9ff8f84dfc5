import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-cluster.js';
import base from './vitest.config.js';

/**
 * The end-to-end suites again, their servers over PostgreSQL: `npx vitest run --config
 * vitest.e2e-postgres.config.ts`. CPK_TEST_BACKEND=postgres makes test/helpers/processes.ts
 * startServer give each server data dir a fresh database of the run's cluster (test/helpers/backend.ts);
 * the suites themselves are unchanged but for a few assertions on SQLite files made conditional
 * (testBackend()). Left out: files that already run on PostgreSQL by themselves, the CLI files that start
 * no server, and what only SQLite has, each with its reason.
 */
const ALREADY_POSTGRES = [
  'test/e2e/postgres-replicas.test.ts',
  'test/e2e/postgres-fleet/**',
  'test/e2e/projects/archive-postgres.test.ts',
];

/** Whole files about SQLite's files, folders and registry (a server over PostgreSQL keeps none of them). */
const SQLITE_ONLY_FILES = [
  // A project's SQLite file damaged, replaced, removed, on a full or read-only disk.
  'test/e2e/hardening/damaged-db.test.ts',
  'test/e2e/hardening/unavailable-project.test.ts',
  'test/e2e/hardening/disk-full.test.ts',
  'test/e2e/hardening/readonly-folder.test.ts',
  // Folder paths a project is registered at; the SQLite catalog's projects.json; the data-dir lock file.
  'test/e2e/hardening/project-paths.test.ts',
  'test/e2e/hardening/registry.test.ts',
  'test/e2e/hardening/data-dir-lock.test.ts',
  // cpk init's folder projects (re-attaching a folder's database, worktrees, a second machine's folders).
  'test/e2e/projects/init-modes.test.ts',
  'test/e2e/projects/worktree-join.test.ts',
  'test/e2e/projects/machines.test.ts',
  // The archive against the SQLite schema; codepakt 0.1 SQLite files registered as folders.
  'test/e2e/projects/archive-schema.test.ts',
  'test/e2e/projects/archive-fixtures.test.ts',
  // Two servers sharing one SQLite file (counterparts: postgres-fleet/drain.test.ts and live.test.ts).
  'test/e2e/tasks/race.test.ts',
  'test/e2e/live/across-servers.test.ts',
  // kill -9 then integrity_check of the SQLite file (counterparts: postgres-fleet/live and restart).
  'test/e2e/hardening/crash.test.ts',
];

/**
 * Files that run the app in-process on SQLite (test/helpers/app.ts, not a server process), so the backend
 * switch does not reach them; the fuzzing runs over PostgreSQL in vitest.postgres.config.ts.
 */
const IN_PROCESS_SQLITE = [
  'test/e2e/hardening/fuzz.test.ts',
  'test/e2e/projects/hosted-routes.test.ts',
  'test/e2e/projects/copy-move.test.ts',
];

/** CLI tests that start no server: the backend changes nothing for them. */
const CLI_WITHOUT_SERVER = [
  'test/cli/code-cache.test.ts',
  'test/cli/command-tree.test.ts',
  'test/cli/package.test.ts',
  'test/cli/port-in-use.test.ts',
  'test/cli/usage.test.ts',
  'test/cli/protocol/stamp.test.ts',
  // cpk server token add|list|revoke edit the token file; no server runs.
  'test/e2e/tokens/cli.test.ts',
];

/** Tests by name: what they check exists only on SQLite (a folder project, its files). */
const SQLITE_ONLY = [
  // The server reads the project folder's .codepakt/AGENTS.md; a hosted project has no folder.
  'board status has by_status, blocked_tasks, agent_activity and coordination beside our fields',
  // Register folder projects (POST /api/projects with a path) or expect cpk init to make one.
  'switches projects and remembers the choice in the URL and across visits',
  'identity (or an empty header) is no encoding: the body is accepted',
  'registers the folder and writes .codepakt/config.json {url, project_id} and .codepakt/.gitignore',
  'is found from a subfolder at any depth',
  'a server that does not know the project says that cpk init re-attaches it, and it does',
  'stores the PRD and a board setup guide, generates the protocol, and is idempotent',
  // Import into a folder (refused over PostgreSQL: tested in archive-postgres.test.ts).
  'imported again under a new id, or into a folder, is the same archive apart from the id',
  // Not a store matter: in a folder whose config names a hosted project (all of them over PostgreSQL),
  // a cpk call loads the SQLite addon; left out until the CLI avoids it (it costs start-up time).
  'no ES module, no SQLite addon, no server bundle',
];

// Without PostgreSQL's binaries this run has nothing to run on: it says so and passes, as the
// PostgreSQL tests of the other runs skip (see test/helpers/postgres-setup.ts).
const installed = findPostgresBin() !== null;
if (!installed)
  console.warn(
    'PostgreSQL is not installed: the end-to-end suites over PostgreSQL are skipped; `apt-get install -y postgresql` runs them',
  );

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: installed ? ['test/e2e/**/*.test.ts', 'test/cli/**/*.test.ts'] : [],
    passWithNoTests: !installed,
    exclude: [
      '**/node_modules/**',
      ...ALREADY_POSTGRES,
      ...SQLITE_ONLY_FILES,
      ...IN_PROCESS_SQLITE,
      ...CLI_WITHOUT_SERVER,
      // Registers its project by folder path in its setup.
      'test/e2e/dashboard/token.test.ts',
    ],
    env: { CPK_TEST_BACKEND: 'postgres' },
    testNamePattern: new RegExp(
      `^(?!.*(${SQLITE_ONLY.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`,
    ),
  },
});
