import { expect } from 'vitest';
import type { ApiClient } from '../../src/client/index.js';
import type { components } from '../../generated/api.js';

export type Task = components['schemas']['Task'];
export type NewTask = components['schemas']['NewTask'];

/** A typed-client session bound to one project, failing loudly on unexpected errors. */
export function board(api: ApiClient, projectId: string) {
  const q = { project_id: projectId };
  const ok = <T>(res: { data?: T; error?: unknown; response: Response }): T => {
    if (res.data === undefined) throw new Error(`HTTP ${res.response.status}: ${JSON.stringify(res.error)}`);
    return res.data;
  };
  return {
    q,
    add: async (task: NewTask) => ok(await api.POST('/api/tasks', { params: { query: q }, body: task })).data as Task,
    addMany: async (tasks: NewTask[]) =>
      ok(await api.POST('/api/tasks', { params: { query: q }, body: tasks })).data as Task[],
    get: async (id: string) => ok(await api.GET('/api/tasks/{id}', { params: { path: { id }, query: q } })).data,
    pickup: (agent: string, opts: { task_id?: string; lease_seconds?: number; wait?: number } = {}) =>
      api.POST('/api/tasks/pickup', {
        params: { query: { ...q, task_id: opts.task_id, wait: opts.wait } },
        body: { agent, lease_seconds: opts.lease_seconds },
      }),
    done: (id: string, agent: string, extra: { notes?: string; force?: boolean } = {}) =>
      api.POST('/api/tasks/{id}/done', { params: { path: { id }, query: q }, body: { agent, ...extra } }),
    block: (id: string, reason: string, agent?: string) =>
      api.POST('/api/tasks/{id}/block', { params: { path: { id }, query: q }, body: { reason, agent } }),
    unblock: (id: string) => api.POST('/api/tasks/{id}/unblock', { params: { path: { id }, query: q }, body: {} }),
    release: (id: string, agent: string, force?: boolean) =>
      api.POST('/api/tasks/{id}/release', { params: { path: { id }, query: q }, body: { agent, force } }),
    heartbeat: (id: string, agent: string) =>
      api.POST('/api/tasks/{id}/heartbeat', { params: { path: { id }, query: q }, body: { agent } }),
    note: (id: string, text: string, author?: string) =>
      api.POST('/api/tasks/{id}/notes', { params: { path: { id }, query: q }, body: { text, author } }),
    update: (id: string, body: components['schemas']['TaskPatch']) =>
      api.PATCH('/api/tasks/{id}', { params: { path: { id }, query: q }, body }),
    list: async (
      query: { status?: string; assignee?: string; epic?: string; tag?: string; limit?: number; cursor?: string } = {},
    ) => ok(await api.GET('/api/tasks', { params: { query: { ...q, ...query } } })),
    events: async (query: { type?: string; entity_id?: string; actor?: string; after?: number; limit?: number } = {}) =>
      ok(await api.GET('/api/events', { params: { query: { ...q, limit: 1000, ...query } } })).data,
    ok,
  };
}

/** Assert an error envelope with the given status and code; returns its message. */
export function expectError(res: { error?: unknown; response: Response }, status: number, code: string): string {
  expect(res.response.status, JSON.stringify(res.error)).toBe(status);
  const body = res.error as { error: string; message: string };
  expect(body.error).toBe(code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  return body.message;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
  };
}
