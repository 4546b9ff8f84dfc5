import type { ServerResponse } from 'node:http';
import { setImmediate as turn } from 'node:timers/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
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
    const headers = {
      'Content-Type': `${ARCHIVE_MEDIA_TYPE}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9._-]/g, '_')}.cpk.jsonl"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const rest = first.done ? [] : [first.value];
    // On Node's server the pieces go straight to the response, a piece at a time as the socket takes them.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing) {
      void pipeToResponse(outgoing, headers, rest, pieces, id);
      return RESPONSE_ALREADY_SENT as never;
    }
    // zod-openapi types a body answer only for JSON and text/plain: this one is JSON Lines.
    return c.body(toWebStream(rest, pieces, id), 200, headers) as never;
  });
}

/** Longest stretch of an export's streaming between two turns of the event loop. */
const TURN_MS = 5;

/** Write the pieces to Node's response as its socket takes them; a client that goes away ends the reading. */
async function pipeToResponse(
  res: ServerResponse,
  headers: Record<string, string>,
  head: string[],
  more: AsyncGenerator<string>,
  project: string,
): Promise<void> {
  res.writeHead(200, headers);
  let closed = false;
  res.once('close', () => {
    closed = true;
  });
  try {
    for (const piece of head) if (!res.write(piece)) await drained(res);
    let turned = performance.now();
    for await (const piece of more) {
      if (closed) break;
      if (!res.write(piece)) await drained(res);
      // A client that keeps up drains every write at once, and the whole export would then run in one
      // turn of the event loop: every other request (and timer) waited for it, 4 s for 50,000 tasks.
      if (performance.now() - turned >= TURN_MS) {
        await turn();
        turned = performance.now();
      }
    }
    res.end();
  } catch (err) {
    // Headers are sent: the client sees the stream end without its trailer, and refuses it.
    console.error(`export of project ${project} failed:`, err);
    res.destroy();
  } finally {
    await more.return(undefined).catch(() => undefined);
  }
}

/** Resolves once the response can take more, or has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** The same pieces as a web stream, for servers other than Node's (and app.request in tests). */
function toWebStream(head: string[], pieces: AsyncGenerator<string>, id: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const piece of head) controller.enqueue(encoder.encode(piece));
      },
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
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
}
