import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster } from './postgres-cluster.js';

/**
 * Global setup: one PostgreSQL cluster for the whole test run, shared by every test file (each makes
 * its own database in it). Without the PostgreSQL binaries the run goes on and the PostgreSQL tests
 * skip, saying so.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const bin = findPostgresBin();
  if (!bin) {
    const why =
      'PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or CPK_PG_BIN): the PostgreSQL tests are skipped; `apt-get install -y postgresql` runs them';
    console.warn(why);
    project.provide('postgres', null);
    project.provide('postgresMissing', why);
    return undefined;
  }
  const cluster = await startCluster(bin);
  project.provide('postgres', { url: cluster.url, port: cluster.port, dataDir: cluster.dataDir, bin: cluster.bin });
  project.provide('postgresMissing', '');
  return () => cluster.stop();
}
