import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { lineError } from '../../core/archive/fields.js';
import type { EntityRecord, HeaderRecord } from '../../core/archive/format.js';
import type { ImportOptions, Imported, ProjectArchives } from '../../core/archive/port.js';
import type { OpenedArchive } from '../../core/archive/reader.js';
import { ApiError } from '../../core/errors.js';
import { HOSTED_ID } from '../sqlite/registry.js';
import { exportProject } from './archive-export.js';
import { taken, writeArchive } from './archive-import.js';
import { neutral } from './errors.js';
import { withClient } from './pool.js';

/**
 * Export and import of whole projects over PostgreSQL, in the archive format SQLite writes and reads
 * (docs/archive-format.md). An import is one transaction: its project appears, on every server, only
 * once the archive has been read to its end and found whole; any refusal or lost connection leaves nothing.
 */
export class PgArchives implements ProjectArchives {
  constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
  ) {}

  exportProject(id: string): AsyncGenerator<readonly (HeaderRecord | EntityRecord)[]> {
    return exportProject(this.pool, id);
  }

  async importProject(archive: OpenedArchive, options: ImportOptions): Promise<Imported> {
    try {
      return await this.write(archive, options);
    } catch (err) {
      // The reading stops here: what the client still sends is not read.
      await archive.batches.return(undefined).catch(() => undefined);
      throw neutral(err);
    }
  }

  private async write(archive: OpenedArchive, options: ImportOptions): Promise<Imported> {
    if (options.target.kind === 'folder') {
      const message = `This server keeps every project in its database (${this.where}), never in a folder: leave out into_folder`;
      throw new ApiError('validation_error', `into_folder: ${message}`, [{ path: 'into_folder', message }]);
    }
    const header = archive.header.record.project;
    const id = options.newId ? randomUUID() : header.id;
    if (!HOSTED_ID.test(id))
      throw lineError(
        1,
        'project.id',
        `${JSON.stringify(id)} cannot name a hosted project (1-100 letters, digits, ".", "_" or "-"); import with a new id`,
      );
    const known = await withClient(this.pool, (c) =>
      c.query<{ name: string }>('SELECT name FROM projects WHERE id = $1', [id]),
    );
    if (known.rows[0]) throw taken(id, known.rows[0].name);
    const counts = await withClient(this.pool, async (client) => {
      await client.query('BEGIN');
      try {
        const written = await writeArchive(client, archive, id);
        await client.query('COMMIT');
        return written;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    return {
      project: {
        id,
        name: header.name,
        kind: 'hosted',
        path: null,
        created_at: new Date(header.created_at).toISOString(),
        settings: { ...header.settings },
      },
      counts,
    };
  }
}
