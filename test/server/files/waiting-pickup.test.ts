import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';

/**
 * A pickup waiting because the only open task's files are held wakes when they are no longer held:
 * a reservation released or run out, the holder's task blocked or cancelled. (Over PostgreSQL too, with
 * vitest.postgres.config.ts.) Each wait is far longer than the test allows, so an answer within it means
 * the event woke the pickup.
 */

let t: TestApp;
let q: { project_id: string };

beforeEach(async () => {
  t = createTestApp();
  q = { project_id: (await t.project('waiting-pickup')).id };
  return () => t.close();
});
afterAll(removeTempDirs);

const WAIT_SECONDS = 20;

/** Start ann's waiting pickup; resolves with what it claimed and how long it waited. */
function waitingPickup(): Promise<{ status: number; task: string | undefined; ms: number }> {
  const started = Date.now();
  return t.api
    .POST('/api/tasks/pickup', { params: { query: { ...q, wait: WAIT_SECONDS } }, body: { agent: 'ann' } })
    .then((res) => ({ status: res.response.status, task: res.data?.data.task_number, ms: Date.now() - started }));
}

async function addTask(title: string, files: string[]): Promise<void> {
  const res = await t.api.POST('/api/tasks', { params: { query: q }, body: { title, files } });
  expect(res.response.status).toBe(201);
}

/** A held pickup has not answered after a moment: it is waiting, not refused. */
async function expectStillWaiting(p: Promise<unknown>): Promise<void> {
  const early = await Promise.race([p.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
  expect(early).toBe('waiting');
}

describe('a pickup waiting on held files', () => {
  it('wakes when the reservation holding them is released', async () => {
    const held = await t.api.POST('/api/files/reservations', {
      params: { query: q },
      body: { agent: 'bob', files: ['src/**'] },
    });
    expect(held.response.status).toBe(201);
    await addTask('edit a', ['src/a.ts']);
    const pickup = waitingPickup();
    await expectStillWaiting(pickup);
    const released = await t.api.POST('/api/files/release', { params: { query: q }, body: { agent: 'bob' } });
    expect(released.response.status).toBe(200);
    const r = await pickup;
    expect(r).toMatchObject({ status: 200, task: 'T-001' });
    expect(r.ms).toBeLessThan(WAIT_SECONDS * 500);
  });

  it('wakes when the reservation holding them runs out', async () => {
    await t.api.POST('/api/files/reservations', {
      params: { query: q },
      body: { agent: 'bob', files: ['src/**'], ttl_seconds: 1 },
    });
    await addTask('edit a', ['src/a.ts']);
    const r = await waitingPickup();
    expect(r).toMatchObject({ status: 200, task: 'T-001' });
    expect(r.ms).toBeLessThan(WAIT_SECONDS * 500);
  });

  it.each(['block', 'cancel'] as const)('wakes when the task holding them is %sed', async (action) => {
    await addTask('held by bob', ['src/**']);
    const claimed = await t.api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'bob' } });
    expect(claimed.data?.data.task_number).toBe('T-001');
    await addTask('edit a', ['src/a.ts']);
    const pickup = waitingPickup();
    await expectStillWaiting(pickup);
    const path = action === 'block' ? '/api/tasks/{id}/block' : '/api/tasks/{id}/cancel';
    const ended = await t.api.POST(path, {
      params: { path: { id: 'T-001' }, query: q },
      body: { reason: 'not now', agent: 'bob' },
    });
    expect(ended.response.status).toBe(200);
    const r = await pickup;
    expect(r).toMatchObject({ status: 200, task: 'T-002' });
    expect(r.ms).toBeLessThan(WAIT_SECONDS * 500);
  });
});
