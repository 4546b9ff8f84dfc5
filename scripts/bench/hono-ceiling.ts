/**
 * The HTTP ceiling: a bare Hono route on @hono/node-server, the same stack the real server runs on,
 * that reads a JSON body and answers with a task-sized JSON body. Nothing in the real server can be
 * faster per request than this.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono();
const answer = {
  data: {
    id: '7b0f5c1e-2d9a-4c3b-8f6e-1a2b3c4d5e6f',
    task_number: 'T-000123',
    title: 'Seeded task 123: refactor the module',
    description: 'A task created by the benchmark to fill the board with realistic rows.',
    status: 'in-progress',
    priority: 'P1',
    assignee: 'agent-07',
    epic: 'epic-3',
    tags: ['bench'],
    capabilities: [],
    depends_on: [],
    deps_met: true,
    acceptance_criteria: [],
    context_refs: [],
    verify: null,
    notes: [],
    blocker_reason: null,
    attempts: 1,
    lease_expires_at: '2025-01-01T00:30:00.000Z',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    started_at: '2025-01-01T00:00:00.000Z',
    completed_at: null,
  },
};
app.post('/pickup', async (c) => {
  const body = (await c.req.json()) as { agent?: string };
  return c.json({ data: { ...answer.data, assignee: body.agent ?? null } });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
