import { afterAll } from 'vitest';
import { startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';

/**
 * Servers a test file starts without the environment's token or host (so a developer's CPK_TOKEN does
 * not change what is tested), stopped with the file's temp dirs when it ends.
 */
export function plainServers(): (options?: Parameters<typeof startServer>[0]) => Promise<RunningServer> {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    removeTempDirs();
  });
  return async (options = {}) => {
    const s = await startServer({ ...options, env: { CPK_TOKEN: '', CPK_HOST: '', ...options.env } });
    servers.push(s);
    return s;
  };
}
