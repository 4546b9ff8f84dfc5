import { randomUUID } from 'node:crypto';
import { lineError } from '../../core/archive/fields.js';
import type { EntityRecord, HeaderRecord } from '../../core/archive/format.js';
import type { ImportOptions, Imported, ProjectArchives } from '../../core/archive/port.js';
import type { OpenedArchive } from '../../core/archive/reader.js';
import { ApiError } from '../../core/errors.js';
import { exportDatabase } from './archive-export.js';
import { writeArchiveDatabase } from './archive-import.js';
import { folderPlace, hostedPlace, type ImportPlace } from './archive-places.js';
import type { OpenProjects } from './open-projects.js';
import { openProjectDatabaseFile } from './project-database.js';
import { HOSTED_ID, type ProjectRegistry, type RegistryEntry } from './registry.js';

/** Export and import of the SQLite catalog's projects (src/core/archive/port.ts). */
export class SqliteArchives implements ProjectArchives {
  constructor(
    private readonly registry: ProjectRegistry,
    private readonly projects: OpenProjects,
  ) {}

  async *exportProject(id: string): AsyncGenerator<readonly (HeaderRecord | EntityRecord)[]> {
    const entry = this.registry.get(id);
    if (!entry) throw new ApiError('project_not_found', `No project with id ${id}`);
    const open = this.projects.open(id);
    await open.checked;
    if (open.guard.broken) throw open.guard.broken;
    yield* exportDatabase({
      dbName: open.dbName,
      file: this.registry.databaseFile(entry),
      projectId: id,
      name: entry.name,
    });
  }

  async importProject(archive: OpenedArchive, options: ImportOptions): Promise<Imported> {
    const header = archive.header.record.project;
    const id = options.newId ? randomUUID() : header.id;
    this.refuseTaken(id);
    if (options.target.kind === 'hosted' && !HOSTED_ID.test(id))
      throw lineError(
        1,
        'project.id',
        `${JSON.stringify(id)} cannot name a hosted project (1-100 letters, digits, ".", "_" or "-"); import with a new id`,
      );
    const place: ImportPlace =
      options.target.kind === 'hosted'
        ? hostedPlace(this.registry, id)
        : await folderPlace(this.registry, options.target.path);
    try {
      const counts = await writeArchiveDatabase(place.temp, archive, id);
      // From the last check to the registry entry without a pause: two imports of one id cannot both pass.
      this.refuseTaken(id);
      place.check();
      place.commit();
      const entry: RegistryEntry = {
        id,
        name: header.name,
        kind: place.path === null ? 'hosted' : 'folder',
        path: place.path,
        created_at: header.created_at,
      };
      try {
        // Opened once to be sure it opens (and is at this version's schema), then left to the first request:
        // opening a project starts its quick_check in a worker, as for every project after a restart.
        openProjectDatabaseFile(place.final, { mustExist: true }).close();
        this.registry.upsert(entry);
      } catch (err) {
        place.undo();
        throw err;
      }
      return { project: { ...entry, settings: { ...header.settings } }, counts };
    } catch (err) {
      place.discard();
      // The reading stops here: what the client still sends is not read.
      await archive.batches.return(undefined).catch(() => undefined);
      throw err;
    }
  }

  private refuseTaken(id: string): void {
    const known = this.registry.get(id);
    if (known)
      throw new ApiError(
        'conflict',
        `A project with id ${id} (${known.name}) exists already on this server; import it with a new id (\`cpk import --new-id\`, \`new_id=true\`) to make a copy`,
      );
  }
}
