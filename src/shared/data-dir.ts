import { homedir } from 'node:os';
import { join } from 'node:path';

/** The server's data dir (registry, pid, log): CPK_DATA_DIR, else `~/.codepakt`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CPK_DATA_DIR || join(homedir(), '.codepakt');
}

export interface ServerFiles {
  pid: string;
  info: string;
  log: string;
}

export function serverFiles(dir: string): ServerFiles {
  return { pid: join(dir, 'server.pid'), info: join(dir, 'server.json'), log: join(dir, 'server.log') };
}

/** What a running server writes about itself, so `cpk server status` reports the port it really has. */
export interface ServerInfo {
  pid: number;
  port: number;
  host: string;
  url: string;
  version: string;
  started_at: string;
}
