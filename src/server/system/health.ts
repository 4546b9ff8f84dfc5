import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../router.js';
import type { AppDeps } from '../deps.js';
import { jsonContent } from '../route-bodies.js';
import { VERSION } from '../../version.js';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().openapi({ example: '0.3.0' }),
    uptime_seconds: z.number().int().openapi({ example: 42 }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Liveness, version and uptime (not wrapped in `data`)',
  tags: ['system'],
  security: [],
  responses: { 200: jsonContent(HealthSchema, 'The server is up') },
});

export function registerHealth(app: App, deps: AppDeps): void {
  app.openapi(route, (c) =>
    c.json(
      {
        status: 'ok' as const,
        version: VERSION,
        uptime_seconds: Math.floor((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
      },
      200,
    ),
  );
}
