import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The server bundle ships beside the CLI bundle (dist/server.js). */
export const SERVER_ENTRY = fileURLToPath(new URL('./server.js', import.meta.url));

/** What `runServer` of src/server/main.ts takes from the CLI. */
export interface ServerStart {
  port: number;
  host: string;
  token: string | undefined;
  dataDir: string;
  /** A PostgreSQL URL: every project in that database (see src/server/main.ts). */
  database?: string | undefined;
}

interface ServerModule {
  runServer(options: ServerStart): Promise<number>;
}

/**
 * The server, in this process (`cpk server start --foreground`). The server bundle is CommonJS, like
 * the CLI's (dist/package.json): `require`, not `import()`, because the CLI bundle runs from V8's code
 * cache (src/cli/bin.ts), and a script compiled by `vm.Script` keeps no `import()` hook. Loaded only
 * here, so no other call pays for the server's modules.
 */
export function loadServer(): ServerModule {
  return createRequire(import.meta.url)(SERVER_ENTRY) as ServerModule;
}
