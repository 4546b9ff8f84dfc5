import { createRoute, z } from '@hono/zod-openapi';
import { encodeArchive } from '../../core/archive/encode.js';
import { ARCHIVE_MEDIA_TYPE } from '../../core/archive/format.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import type { App } from '../router.js';
import { ProjectIdParam } from './schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/projects/{id}/export',
  operationId: 'exportProject',
  summary: 'The whole project as a JSON Lines archive, streamed',
  description:
    'Settings, agents, tasks (ids, numbers, notes, dependencies, every field), docs and the full event log, one JSON record per line (format `codepakt-archive`, version 1, described in docs/archive-format.md). Read from one consistent snapshot while the board goes on working, and streamed as it is read: any size of project costs the server a few pages of memory. The last line is a trailer with the counts; an archive without it was cut short. Importing it (`POST /api/projects/import`) and exporting again gives the same bytes apart from the project id.',
  tags: ['projects'],
  request: { params: ProjectIdParam },
  responses: {
    200: {
      description: 'The archive',
      content: {
        'application/x-ndjson': {
          schema: z.string().openapi({
            example:
              '{"kind":"header","format":"codepakt-archive","version":1,"project":{…}}\n{"kind":"task",…}\n{"kind":"trailer","counts":{"agents":2,"tasks":40,"docs":3,"events":212}}\n',
          }),
        },
      },
    },
    ...errorResponses(400, 404, 503),
  },
});

export function registerExportProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const id = c.req.valid('param').id;
    const pieces = encodeArchive(deps.catalog.archives().exportProject(id));
    // The first piece before answering: an unknown or unavailable project is an error answer, not a cut stream.
    const first = await pieces.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          if (!first.done) controller.enqueue(encoder.encode(first.value));
        },
        async pull(controller) {
          try {
            const next = await pieces.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(next.value));
          } catch (err) {
            // Headers are sent: the client sees the stream end without its trailer, and refuses it.
            console.error(`export of project ${id} failed:`, err);
            controller.error(err);
          }
        },
        async cancel() {
          await pieces.return(undefined);
        },
      },
      { highWaterMark: 1 },
    );
    const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
    // zod-openapi types a body answer only for JSON and text/plain: this one is JSON Lines.
    return c.body(body, 200, {
      'Content-Type': `${ARCHIVE_MEDIA_TYPE}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${name}.cpk.jsonl"`,
      'Cache-Control': 'no-store',
    }) as never;
  });
}
