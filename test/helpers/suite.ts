import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from './processes.js';
import { removeTempDirs } from './temp.js';

/**
 * One real server for the whole file: started before its tests (then handed to `ready`, which may set
 * up more, such as a project), stopped after them, and the file's temporary folders removed.
 */
export function useServer(
  ready: (server: RunningServer) => void | Promise<void>,
  options?: Parameters<typeof startServer>[0],
): void {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
    await ready(server);
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });
}
