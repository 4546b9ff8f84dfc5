import { ApiError } from '../../core/errors.js';
import type { RegistryEntry } from './registry.js';

/**
 * Re-attaching a folder to the project it is expected to hold (`projectId` of a registration): the
 * folder is registered only when its database is that project's, so a folder that is not never becomes
 * a second project. Each check throws 409 `conflict` saying what the folder holds instead.
 */

/** Before anything is opened: the folder must hold a database, and not be another project's folder. */
export function expectFolderOf(
  projectId: string,
  path: string,
  known: RegistryEntry | undefined,
  hasDatabase: boolean,
): void {
  if (!hasDatabase)
    throw new ApiError(
      'conflict',
      `${path} holds no project database (.codepakt/data.db), so it is not the folder of project ${projectId}`,
    );
  if (known && known.id !== projectId)
    throw new ApiError('conflict', `${path} is the folder of project ${known.name} (${known.id}), not of ${projectId}`);
}

/**
 * Once the folder's database is read: it must be the project's (`found`), and not a copy of a project
 * whose database is still in its registered place.
 */
export function expectDatabaseOf(projectId: string, path: string, found: string | undefined, copy: boolean): void {
  if (found !== projectId)
    throw new ApiError(
      'conflict',
      `The database in ${path} is ${found === undefined ? 'no project' : `project ${found}`}, not project ${projectId}`,
    );
  if (copy)
    throw new ApiError(
      'conflict',
      `${path} holds a copy of project ${projectId}, whose database is still where it is registered; register the folder without project_id to make the copy a project of its own`,
    );
}
