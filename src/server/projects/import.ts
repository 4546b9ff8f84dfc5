import type { IncomingMessage } from 'node:http';
import { isAbsolute } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { ARCHIVE_MEDIA_TYPE, MAX_ARCHIVE_BYTES, MAX_LINE_BYTES } from '../../core/archive/format.js';
import { openArchive } from '../../core/archive/reader.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { dataOf, jsonContent } from '../route-bodies.js';
import type { App } from '../router.js';
import { ProjectSchema } from './schemas.js';

/** The path of this route: the JSON body limit of every other /api route does not hold its streamed body. */
export const IMPORT_PATH = '/api/projects/import';

const ImportQuery = z.object({
  into_folder: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => isAbsolute(p), 'Must be an absolute path')
    .optional()
    .openapi({
      description:
        'Make a folder project in this folder of the server machine (its data in `<into_folder>/.codepakt/data.db`; the folder must hold no project). Without it, a hosted project is made',
      example: '/home/me/snake-game',
    }),
  new_id: z.enum(['true', 'false']).optional().openapi({
    description:
      "`true`: give the project a new id (a copy beside the original). By default the archive's id is kept, so configs naming it keep working; an id the server has already is refused with 409",
  }),
});

// A fresh object, not .extend(): an extension is emitted as a typeless allOf, which strict readers (Scalar) reject.
const ImportedProjectSchema = z
  .object({
    ...ProjectSchema.shape,
    imported: z
      .object({ agents: z.number().int(), tasks: z.number().int(), docs: z.number().int(), events: z.number().int() })
      .openapi({ description: 'What the archive held, now in the project' }),
  })
  .openapi('ImportedProject');

const route = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  operationId: 'importProject',
  summary: 'Recreate a project from an archive, streamed',
  description: `The body is an archive as \`GET /api/projects/{id}/export\` writes it (JSON Lines, \`Content-Type: ${ARCHIVE_MEDIA_TYPE}\`), sent as it is read: it is not held by the 1 MiB limit of JSON bodies but by its own, ${MAX_ARCHIVE_BYTES / 1024 ** 3} GiB (413 beyond), and ${MAX_LINE_BYTES / 1024 ** 2} MiB per line. Everything is kept as it was (ids, task numbers, notes, dependencies, timestamps, the event log with its ids), and numbering continues where it was. All or nothing: a damaged or foreign archive (not JSON, another format or version, a field failing its check, duplicate ids, a dependency on a task it does not hold, counts not matching the trailer, no trailer) is refused with 400 naming the line and the field, and no project, file or folder is left behind.`,
  tags: ['projects'],
  request: {
    query: ImportQuery,
    body: {
      required: true,
      description: 'The archive',
      content: { 'application/x-ndjson': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: {
    201: jsonContent(dataOf(ImportedProjectSchema), 'The project, made'),
    ...errorResponses(400, 409, 413, 415, 503),
  },
});

export function registerImportProject(app: App, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== ARCHIVE_MEDIA_TYPE)
      throw new ApiError(
        'unsupported_media_type',
        `An archive is sent as Content-Type: ${ARCHIVE_MEDIA_TYPE}${type ? `, not ${type}` : ''}`,
      );
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > MAX_ARCHIVE_BYTES)
      throw new ApiError(
        'payload_too_large',
        `The archive exceeds ${MAX_ARCHIVE_BYTES} bytes, the most an import takes`,
      );
    const archive = await openArchive(bodyOf(c.env, c.req.raw));
    const { project, counts } = await deps.catalog.archives().importProject(archive, {
      target: query.into_folder === undefined ? { kind: 'hosted' } : { kind: 'folder', path: query.into_folder },
      newId: query.new_id === 'true',
    });
    return c.json({ data: { ...project, imported: counts } }, 201);
  });
}

/** The body's bytes: straight from Node's request on its server (no web stream between), else the web stream. */
function bodyOf(env: unknown, request: Request): AsyncIterable<Uint8Array> {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // Left unread on a refusal, not destroyed: destroying the request would take the answer's socket with it.
  if (incoming) return incoming.iterator({ destroyOnReturn: false });
  const stream = request.body;
  if (!stream) return (async function* () {})();
  return (async function* () {
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  })();
}
