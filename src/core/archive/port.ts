import type { Project } from '../types.js';
import type { ArchiveCounts, EntityRecord, HeaderRecord } from './format.js';
import type { OpenedArchive } from './reader.js';

/** Where an imported project goes: hosted (its data kept by the server), or into a folder on the server machine. */
export type ImportTarget = { kind: 'hosted' } | { kind: 'folder'; path: string };

export interface ImportOptions {
  target: ImportTarget;
  /**
   * The archive's project id is kept, so agents configured for it find it on the new server; an id the
   * server already has is refused with 409 `conflict` naming it, unless `newId` asks for a fresh one.
   */
  newId?: boolean | undefined;
}

export interface Imported {
  project: Project;
  counts: ArchiveCounts;
}

/** Whole projects out of and into a backend, as the records of an archive (see src/core/archive/format.ts). */
export interface ProjectArchives {
  /**
   * The project's records, a page at a time, read from one consistent snapshot: the header first (404
   * `project_not_found` is thrown on the first step), then agents, tasks, docs and events in the
   * archive's order. Ending the iteration early releases the snapshot.
   */
  exportProject(id: string): AsyncGenerator<readonly (HeaderRecord | EntityRecord)[]>;
  /**
   * Recreate a project from an opened archive, all or nothing: the project exists (registered, its
   * data in place) only once the archive has been read to its end and found whole.
   */
  importProject(archive: OpenedArchive, options: ImportOptions): Promise<Imported>;
}
