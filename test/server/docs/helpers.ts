import type { ApiClient } from '../../../src/client/index.js';
import type { components } from '../../../generated/api.js';

export type NewDoc = components['schemas']['NewDoc'];

/** Typed-client calls on one project's knowledge base. */
export function kb(api: ApiClient, projectId: string) {
  const q = { project_id: projectId };
  return {
    q,
    write: async (doc: NewDoc) => {
      const res = await api.POST('/api/docs', { params: { query: q }, body: doc });
      if (!res.data) throw new Error(`write failed: HTTP ${res.response.status} ${JSON.stringify(res.error)}`);
      return res.data.data;
    },
    search: (query: string, extra: { type?: NewDoc['type']; tag?: string; limit?: number } = {}) =>
      api.GET('/api/docs/search', { params: { query: { ...q, q: query, ...extra } } }),
    list: (extra: { type?: NewDoc['type']; tag?: string; ids?: string; limit?: number } = {}) =>
      api.GET('/api/docs', { params: { query: { ...q, ...extra } } }),
    read: (id: string) => api.GET('/api/docs/{id}', { params: { path: { id }, query: q } }),
    update: (id: string, body: components['schemas']['DocPatch']) =>
      api.PATCH('/api/docs/{id}', { params: { path: { id }, query: q }, body }),
  };
}
