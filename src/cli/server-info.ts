import { readFileSync } from 'node:fs';
import { serverFiles, type ServerInfo } from '../shared/data-dir.js';

/** Whether `pid` names a live process (EPERM: it lives, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the server of data dir `dir` wrote about itself (server.json), while its process lives. */
export function liveServerInfo(dir: string): ServerInfo | undefined {
  let info: Partial<ServerInfo>;
  try {
    info = JSON.parse(readFileSync(serverFiles(dir).info, 'utf8')) as Partial<ServerInfo>;
  } catch {
    return undefined;
  }
  if (typeof info.url !== 'string' || typeof info.pid !== 'number' || !processAlive(info.pid)) return undefined;
  return info as ServerInfo;
}
