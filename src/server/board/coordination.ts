import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { compareVersions, parseStamp } from '../../shared/protocol-stamp.js';
import { VERSION } from '../../version.js';

export interface Coordination {
  stale: boolean;
  file_version: string | null;
  cli_version: string;
}

/**
 * Whether the project's agent protocol (`.codepakt/AGENTS.md`) was written by this cpk or an older one,
 * in codepakt 0.2's `coordination` shape. A missing or unstamped file is stale; a hosted project's
 * cannot be seen, so it is not.
 */
export async function coordinationOf(projectPath: string | null): Promise<Coordination> {
  // A hosted project's protocol files are in the agents' checkouts, out of the server's sight.
  if (projectPath === null) return { stale: false, file_version: null, cli_version: VERSION };
  const file_version = await stampOf(join(projectPath, '.codepakt', 'AGENTS.md'));
  return {
    stale: file_version === null || compareVersions(file_version, VERSION) < 0,
    file_version,
    cli_version: VERSION,
  };
}

async function stampOf(file: string): Promise<string | null> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(96);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return parseStamp(buf.subarray(0, bytesRead).toString('utf8')) ?? null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
