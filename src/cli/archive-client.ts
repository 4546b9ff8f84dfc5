/**
 * The typed client over Node's own fetch, for the two calls that stream a body (`cpk export`, `cpk
 * import`): the light transport of every other command holds a whole body in memory, and an archive
 * may be gigabytes. Loading undici costs these calls a few milliseconds, nothing next to their work.
 */
import { createClient, type ApiClient } from '../client/index.js';
import { UnreachableError } from '../client/node-transport.js';
import { findConfigFile, readConfig, type ProjectConfig } from './config.js';
import { call, requireConfigFile, serverUrl, type Runtime } from './context.js';

export function streamingClient(rt: Runtime, url: string): ApiClient {
  return createClient(url, { token: rt.env.CPK_TOKEN || undefined });
}

/** `call` for these calls: a server that cannot be reached is said as for every other command (exit 3). */
export function streamCall<T>(
  promise: Promise<{ data?: T; error?: unknown; response: { status: number } }>,
  url: string,
): Promise<T> {
  return call(
    promise.catch((err: unknown) => {
      // Node's fetch says only "fetch failed"; the cause is the socket's error.
      if (err instanceof TypeError && err.cause instanceof Error) throw new UnreachableError(url, err.cause);
      throw err;
    }),
    url,
  );
}

/** The server of this folder's project (or CPK_URL, or the local one) and, when there is one, its config. */
export function serverOf(rt: Runtime, needConfig: boolean): { url: string; config: ProjectConfig | undefined } {
  const file = needConfig ? requireConfigFile(rt) : findConfigFile(rt.cwd);
  const config = file ? readConfig(file) : undefined;
  return { url: serverUrl(rt, config), config };
}
