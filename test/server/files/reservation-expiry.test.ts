import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';

/** The reserve route over the store the suite runs on (SQLite, or PostgreSQL with vitest.postgres.config.ts). */

let t: TestApp;
let projectId: string;

beforeEach(async () => {
  t = createTestApp();
  projectId = (await t.project('reservation-expiry')).id;
  return () => t.close();
});
afterAll(removeTempDirs);

async function fileEvents(): Promise<string[]> {
  const res = await t.api.GET('/api/events', { params: { query: { project_id: projectId, type: 'files.*' } } });
  if (!res.data) throw new Error(`events: ${JSON.stringify(res.error)}`);
  return res.data.data.map((e) => `${e.type} ${e.entity_id} ${e.actor}`);
}

const reserve = (agent: string, files: string[], ttl_seconds?: number) =>
  t.api.POST('/api/files/reservations', {
    params: { query: { project_id: projectId } },
    body: { agent, files, ttl_seconds },
  });

describe('reservation expiry over the API', () => {
  it('the server records files.expired once when a reservation it made runs out; a later reservation adds none', async () => {
    const made = await reserve('ann', ['docs/**'], 1);
    expect(made.response.status).toBe(201);
    const deadline = Date.now() + 5_000;
    while (!(await fileEvents()).some((e) => e.startsWith('files.expired')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fileEvents()).toEqual(['files.reserved R-1 ann', 'files.expired R-1 system']);
    const holds = await t.api.GET('/api/files/reservations', { params: { query: { project_id: projectId } } });
    expect(holds.data?.data).toEqual([]);
    expect((await reserve('bob', ['docs/a.md'])).response.status).toBe(201);
    expect(await fileEvents()).toEqual([
      'files.reserved R-1 ann',
      'files.expired R-1 system',
      'files.reserved R-2 bob',
    ]);
  });
});
