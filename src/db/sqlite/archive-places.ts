/**
 * Where an imported project's database is built, and how it is put in place: beside its final place
 * (one file system, so the move is one rename), under a name no project can have (`.import-…`), and
 * removed again should the import fail. Leftovers of an import cut short by a crash go at the next one.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../core/errors.js';
import { prepareProjectFolder } from './project-folder.js';
import { projectDbFile } from './project-database.js';
import type { ProjectRegistry } from './registry.js';

const TEMP_PREFIX = '.import-';
/** Imports running in this process: their temporary files are not leftovers. */
const running = new Set<string>();

export interface ImportPlace {
  /** The database being built. */
  temp: string;
  /** Where it goes. */
  final: string;
  /** The folder of a folder project, null for a hosted one. */
  path: string | null;
  /** Refuses (409) when something took the final place meanwhile; call synchronously before `commit`. */
  check(): void;
  /** Move the built database into place (synchronous, and durable once it returns). */
  commit(): void;
  /** After `commit`, should registering fail: take the database out again. */
  undo(): void;
  /** Remove what the import made; safe to call at any point, and more than once. */
  discard(): void;
}

/** `<data dir>/projects/.import-<uuid>/data.db`, moved to `<data dir>/projects/<id>/data.db`. */
export function hostedPlace(registry: ProjectRegistry, id: string): ImportPlace {
  const final = registry.hostedDbFile(id);
  const projectsDir = dirname(dirname(final));
  mkdirSync(projectsDir, { recursive: true });
  removeLeftovers(projectsDir);
  const tempDir = join(projectsDir, `${TEMP_PREFIX}${randomUUID()}`);
  mkdirSync(tempDir);
  running.add(tempDir);
  const temp = join(tempDir, 'data.db');
  let madeDir = false;
  const check = () => {
    if (existsSync(final)) throw new ApiError('conflict', `${final} exists already; move it away to import as ${id}`);
  };
  return {
    temp,
    final,
    path: null,
    check,
    commit() {
      check();
      madeDir = !existsSync(dirname(final));
      mkdirSync(dirname(final), { recursive: true });
      renameSync(temp, final);
      syncDir(dirname(final));
      syncDir(projectsDir);
      rmSync(tempDir, { recursive: true, force: true });
      running.delete(tempDir);
    },
    undo() {
      removeDatabase(final);
      if (madeDir) rmSync(dirname(final), { recursive: true, force: true });
    },
    discard() {
      rmSync(tempDir, { recursive: true, force: true });
      running.delete(tempDir);
    },
  };
}

/** `<path>/.codepakt/.import-<uuid>.db`, moved to `<path>/.codepakt/data.db`; the folder must hold no project. */
export async function folderPlace(registry: ProjectRegistry, requested: string): Promise<ImportPlace> {
  const asked = resolve(requested);
  const before = await realpath(asked).catch(() => asked);
  const hadFolder = existsSync(join(before, '.codepakt'));
  let path: string;
  try {
    path = await prepareProjectFolder(asked);
  } catch (err) {
    throw renamedField(err);
  }
  const folder = join(path, '.codepakt');
  const final = projectDbFile(path);
  const check = () => {
    const known = registry.findByPath(path);
    if (known) throw new ApiError('conflict', `${path} is the folder of project ${known.name} (${known.id}) already`);
    if (existsSync(final))
      throw new ApiError('conflict', `${final} exists already: ${path} holds a project; import into another folder`);
  };
  const removeFolderIfMade = () => {
    if (hadFolder) return;
    try {
      rmdirSync(folder);
    } catch {
      // Not empty: something else was put there meanwhile; leave it.
    }
  };
  try {
    check();
  } catch (err) {
    removeFolderIfMade();
    throw err;
  }
  removeLeftovers(folder);
  const temp = join(folder, `${TEMP_PREFIX}${randomUUID()}.db`);
  running.add(temp);
  return {
    temp,
    final,
    path,
    check,
    commit() {
      check();
      renameSync(temp, final);
      syncDir(folder);
      running.delete(temp);
    },
    undo() {
      removeDatabase(final);
      removeFolderIfMade();
    },
    discard() {
      removeDatabase(temp);
      running.delete(temp);
      removeFolderIfMade();
    },
  };
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Temporary files of imports that are not running (the server stopped halfway through one). */
function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    if (!name.startsWith(TEMP_PREFIX) || [...running].some((r) => full.startsWith(r))) continue;
    rmSync(full, { recursive: true, force: true });
  }
}

/** Make a rename in `dir` durable. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** prepareProjectFolder names the field `path`; here it is the `into_folder` parameter. */
function renamedField(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.details) return err;
  const details = err.details.map((d) => (d.path === 'path' ? { ...d, path: 'into_folder' } : d));
  return new ApiError(err.code, err.message.replace(/^path:/, 'into_folder:'), details);
}
