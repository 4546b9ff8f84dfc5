import { type ApiClient, type Task, call } from '../api.js';
import type { MoveAction } from './moves.js';

/** Carry out a planned move through the same routes as the panel's buttons; the server has the last word. */
export async function performMove(
  api: ApiClient,
  projectId: string,
  actor: string,
  task: Task,
  action: MoveAction,
  reason = '',
): Promise<Task> {
  const params = { path: { id: task.id }, query: { project_id: projectId } };
  const agent = { agent: actor };
  switch (action.kind) {
    case 'approve':
      return (await call(api.POST('/api/tasks/{id}/approve', { params, body: agent }))).data;
    case 'reject':
      return (await call(api.POST('/api/tasks/{id}/reject', { params, body: { ...agent, reason } }))).data;
    case 'block':
      return (await call(api.POST('/api/tasks/{id}/block', { params, body: { ...agent, reason } }))).data;
    case 'unblock':
      return (await call(api.POST('/api/tasks/{id}/unblock', { params, body: agent }))).data;
    case 'release':
      return (await call(api.POST('/api/tasks/{id}/release', { params, body: { ...agent, force: true } }))).data;
    case 'status':
      return (await call(api.PATCH('/api/tasks/{id}', { params, body: { status: action.to, actor } }))).data;
  }
}
