import { constants } from 'node:fs';
import { mkdir, open, readFile, realpath, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ApiError } from '../../core/errors.js';

/**
 * File systems that hold no files of their own: the kernel makes their entries up. Opening a database
 * there fails, or never returns (a recursive mkdir under /proc spun forever, holding the event loop).
 */
const VIRTUAL_FILE_SYSTEMS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'binfmt_misc',
  'autofs',
  'efivarfs',
  'rpc_pipefs',
  'nsfs',
  'selinuxfs',
]);

/**
 * A 400 for a path that is not a folder on this machine as the caller sees it: it does not exist here,
 * or the folder here is not the caller's (a folder of another machine at the same path).
 */
export class FolderNotOnServer extends ApiError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('validation_error', `path: ${path} ${reason}`, [{ path: 'path', message: `${path} ${reason}` }]);
  }
}

/**
 * Check, without blocking the event loop, that `path` can hold a project: an existing, ordinary,
 * writable directory. Creates its `.codepakt` folder (writing there is the only test of writability
 * that holds for root and read-only mounts). Resolves with the real path; refuses with a 400 naming
 * the path and the reason. With `probe`, the folder must hold `.codepakt/<probe>`, the file the caller
 * made in it: only then is the folder the server sees at that path the caller's own.
 */
export async function prepareProjectFolder(
  path: string,
  options: { probe?: string | undefined } = {},
): Promise<string> {
  const refuse = (reason: string): never => {
    throw new ApiError('validation_error', `path: ${path} ${reason}`, [{ path: 'path', message: `${path} ${reason}` }]);
  };
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse('is a symlink loop');
    if (code === 'ENOENT') throw new FolderNotOnServer(path, 'does not exist on the server');
    if (code === 'ENOTDIR') return refuse('is not a directory (a part of it is a file)');
    if (code === 'EACCES') return refuse('cannot be read by the server (permission denied)');
    return refuse(`cannot be resolved (${code ?? (err as Error).message})`);
  }
  const info = await stat(real);
  if (!info.isDirectory()) return refuse(`is not a directory (${kindOf(info)})`);
  const fsType = await fileSystemType(real);
  if (fsType && VIRTUAL_FILE_SYSTEMS.has(fsType))
    return refuse(`is on a virtual file system (${fsType}), which cannot hold a project`);
  if (
    options.probe !== undefined &&
    !(await stat(join(real, '.codepakt', options.probe)).catch(() => undefined))?.isFile()
  )
    throw new FolderNotOnServer(
      path,
      `is not the caller's folder: the server has a folder there, but without the file .codepakt/${options.probe} the caller made in its own (a folder of another machine?)`,
    );

  const folder = join(real, '.codepakt');
  try {
    await mkdir(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST')
      return refuse(`is not writable (creating .codepakt failed: ${code ?? (err as Error).message})`);
  }
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo?.isDirectory()) return refuse(`cannot hold a project: ${folder} is not a directory`);
  const db = await stat(join(folder, 'data.db')).catch(() => undefined);
  if (db && !db.isFile())
    return refuse(`cannot hold a project: ${join(folder, 'data.db')} is not a regular file (${kindOf(db)})`);
  const probe = join(folder, `.write-check-${process.pid}-${Date.now()}`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    await handle.close();
  } catch (err) {
    return refuse(
      `is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message} writing in ${folder})`,
    );
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  return real;
}

function kindOf(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFile()) return 'a file';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a directory';
}

/**
 * The type of the file system `path` (a real path) lives on, from the mount table. statfs cannot tell:
 * devtmpfs reports tmpfs's magic number, and tmpfs (/tmp) must stay allowed. Undefined off Linux.
 */
export async function fileSystemType(path: string): Promise<string | undefined> {
  let table: string;
  try {
    table = await readFile('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  let best: { point: string; type: string } | undefined;
  for (const line of table.split('\n')) {
    // id parent major:minor root mount-point options [optional…] - fstype source super-options
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    const point = fields[4];
    const type = fields[dash + 1];
    if (dash < 0 || point === undefined || type === undefined) continue;
    const decoded = point.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    const inside = decoded === '/' || path === decoded || path.startsWith(decoded + sep);
    // Later lines are mounted over earlier ones at the same point.
    if (inside && (!best || decoded.length >= best.point.length)) best = { point: decoded, type };
  }
  return best?.type;
}
