import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { LiveFeeds } from '../core/live-feed.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../shared/defaults.js';
import { VERSION } from '../version.js';
import { ApiError, errorBody, errorResponse } from './errors.js';
import { type App, createRouter } from './router.js';
import type { AppDeps, AppInput } from './deps.js';
import { projectScope } from './middleware/project.js';
import { allowedHostNames, originAndHostGuard } from './security.js';
import { authenticate } from './middleware/auth.js';
import { limitBody, refuseEncodedBody } from './body-limit.js';
import { registerHealth } from './system/health.js';
import { registerPages } from './system/pages.js';
import { registerProjectRoutes } from './projects/index.js';
import { IMPORT_PATH } from './projects/import.js';
import { registerTasksRoutes } from './tasks/index.js';
import { registerAgentsRoutes } from './agents/index.js';
import { registerBoardRoutes } from './board/index.js';
import { registerDocsRoutes } from './docs/index.js';
import { registerEventsRoutes } from './events/index.js';
import { registerFilesRoutes } from './files/index.js';
import { registerMcp } from './mcp/endpoint.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  /** Host the server is bound to; names it may be addressed by. */
  boundHost?: string | undefined;
}

/** The whole HTTP surface: middleware, error envelope, every route, the contract, static pages. */
export function createApp(input: AppInput, options: AppOptions = {}): App {
  const deps: AppDeps = {
    ...input,
    feeds: input.feeds ?? new LiveFeeds(input.catalog),
    openProject: projectScope(input.catalog),
  };
  const app = createRouter();

  app.use('*', async (_c, next) => {
    // Hono's onError only sees Error instances; anything else thrown would escape the envelope.
    try {
      await next();
    } catch (err) {
      throw err instanceof Error ? err : new Error(`Non-error value thrown: ${String(err)}`);
    }
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    await next();
    // On the response's own headers: c.header() after the handler has answered makes
    // @hono/node-server rebuild the response as a full web Response, twice, on every request.
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
  });
  const wildcard = options.boundHost === '0.0.0.0' || options.boundHost === '::';
  // Every /api request of such a server needs a token from start to end (see main.ts): the token guards it.
  const alwaysGuarded = Boolean(deps.token) || deps.requireToken === true;
  app.use(
    '*',
    originAndHostGuard(wildcard && alwaysGuarded ? 'any' : allowedHostNames(options.boundHost, deps.allowedHosts)),
  );
  app.use('/api/*', authenticate({ token: deps.token, tokens: deps.tokens, required: deps.requireToken }));
  const jsonBodyLimit = limitBody(MAX_BODY_BYTES, () => {
    throw new ApiError('payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  });
  // An archive import streams its body, bounded by a limit of its own (projects/import.ts).
  app.use('/api/*', (c, next) => (c.req.path === IMPORT_PATH ? next() : jsonBodyLimit(c, next)));
  app.use(
    '/api/*',
    refuseEncodedBody((encoding) => {
      throw new ApiError(
        'unsupported_media_type',
        `Content-Encoding: ${encoding} is not supported: send the JSON body uncompressed`,
      );
    }),
  );

  registerHealth(app, deps);
  registerProjectRoutes(app, deps);
  registerTasksRoutes(app, deps);
  registerAgentsRoutes(app, deps);
  registerBoardRoutes(app, deps);
  registerDocsRoutes(app, deps);
  registerEventsRoutes(app, deps);
  registerFilesRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Required when the server has a token: its own (`--token` / `CPK_TOKEN`, acts as anyone) or one made with `cpk server token add` (`--agent NAME`: acts only as that agent, and is that agent when a request names none; `--person NAME`: acts as anyone)',
  });
  let document: unknown;
  const openapiDocument = () => (document ??= buildOpenApiDocument(app));
  registerMcp(app, deps, openapiDocument);
  registerPages(app, deps, openapiDocument);

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
    console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path} failed:`, err);
    return c.json(errorBody('internal_error', `Internal error (request ${c.get('requestId')})`), 500);
  });
  return app;
}

function fromHttpException(err: HTTPException): ApiError {
  switch (err.status) {
    case 400:
      return new ApiError('validation_error', `body: ${err.message || 'Malformed JSON'}`, [
        { path: 'body', message: err.message || 'Malformed JSON' },
      ]);
    case 401:
      return new ApiError('unauthorized', err.message || 'Unauthorized');
    case 413:
      return new ApiError('payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    case 415:
      return new ApiError('unsupported_media_type', 'Request body must be sent as Content-Type: application/json');
    default:
      return new ApiError(err.status >= 500 ? 'internal_error' : 'validation_error', err.message || 'Request failed');
  }
}

export function buildOpenApiDocument(app: App) {
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'codepakt',
      version: VERSION,
      description:
        'Coordination API for AI coding agents: one task board with atomic pickup, leases and dependencies, a shared knowledge base, an audit log and a live event stream. Success bodies are `{"data": …}`; errors are `{"error", "message", "details"?}`.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    servers: [{ url: `http://${DEFAULT_HOST}:${DEFAULT_PORT}`, description: 'Default local server' }],
    security: [{ bearer: [] }, {}],
    tags: [
      { name: 'system', description: 'Health and contract' },
      { name: 'projects', description: 'Projects served by this server' },
      { name: 'tasks', description: 'Task board: create, pick up, complete, block' },
      { name: 'agents', description: 'Agents, derived from their tasks' },
      { name: 'board', description: 'Board summary' },
      { name: 'docs', description: 'Knowledge base' },
      { name: 'events', description: 'Audit log and live stream' },
      { name: 'files', description: 'File reservations: live claims and ad-hoc reservations' },
    ],
  });
  declareMiddlewareResponses(document.paths ?? {});
  return document;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The guards above run before every route: any operation can be refused with 403 (foreign Origin or
 * Host), any /api operation with 401 (token), and any /api operation but a read with 413 (body size)
 * and 415 (body encoding). Declared once here rather than in every route file.
 */
function declareMiddlewareResponses(
  paths: Record<string, Partial<Record<(typeof HTTP_METHODS)[number], { responses?: Record<string, unknown> }>>>,
): void {
  const envelope = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  for (const [path, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const responses = item[method]?.responses;
      if (!responses) continue;
      if (path.startsWith('/api/'))
        responses['401'] ??= {
          description: 'Missing, wrong or revoked bearer token (when the server has one)',
          ...envelope,
        };
      if (path.startsWith('/api/') && method !== 'get' && method !== 'head') {
        responses['413'] ??= { description: 'Request body too large', ...envelope };
        responses['415'] ??= {
          description: 'Request body encoded (Content-Encoding other than identity)',
          ...envelope,
        };
      }
      responses['403'] ??= {
        description: 'Refused: foreign Origin on a state-changing request, or a Host that is not this server',
        ...envelope,
      };
    }
  }
}
