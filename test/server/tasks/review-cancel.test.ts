import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board, expectError } from '../../helpers/board.js';

/** Error paths of approve, reject, cancel and client keys through the API. */

let t: TestApp;
let b: ReturnType<typeof board>;

beforeEach(async () => {
  t = createTestApp();
  b = board(t.api, (await t.project()).id);
  return () => t.close();
});
afterAll(removeTempDirs);

const path = (id: string) => ({ path: { id }, query: b.q });

async function inReview(agent = 'dave') {
  const task = await b.add({ title: 'work' });
  await b.pickup(agent, { task_id: task.task_number });
  b.ok(await b.done(task.task_number, agent));
  return task.task_number;
}

describe('approve', () => {
  it('the implementer is refused; a repeated done by it writes no event; someone else approves', async () => {
    const id = await inReview();
    const before = (await b.events()).length;
    const again = b.ok(await b.done(id, 'dave', { notes: 'retry' })).data;
    expect(again).toMatchObject({ status: 'review', assignee: 'dave' });
    expect(again.notes).toHaveLength(0);
    expect((await b.events()).length).toBe(before);
    expect(
      expectError(
        await t.api.POST('/api/tasks/{id}/approve', { params: path(id), body: { agent: 'dave' } }),
        409,
        'conflict',
      ),
    ).toContain('someone else must approve it');
    const approved = b.ok(
      await t.api.POST('/api/tasks/{id}/approve', { params: path(id), body: { notes: 'looks good' } }),
    ).data;
    expect(approved).toMatchObject({ status: 'done', notes: [{ author: 'human', text: 'looks good' }] });
    expect(
      expectError(await t.api.POST('/api/tasks/{id}/approve', { params: path(id), body: {} }), 409, 'conflict'),
    ).toContain('only review tasks can be approved');
    expectError(
      await t.api.POST('/api/tasks/{id}/approve', { params: path('T-999'), body: {} }),
      404,
      'task_not_found',
    );
  });
});

describe('reject and cancel', () => {
  it('need a non-empty reason, named in the 400', async () => {
    const id = await inReview();
    for (const route of ['/api/tasks/{id}/reject', '/api/tasks/{id}/cancel'] as const) {
      const res = await t.api.POST(route, { params: path(id), body: { reason: '  ' } });
      expectError(res, 400, 'validation_error');
      expect((res.error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['reason']);
    }
  });

  it('reject of a task with no implementer goes back to the board; cancel refuses done and cancelled tasks', async () => {
    const task = await b.add({ title: 'hand-moved' });
    b.ok(await b.update(task.task_number, { status: 'review' }));
    const back = b.ok(
      await t.api.POST('/api/tasks/{id}/reject', {
        params: path(task.task_number),
        body: { reason: 'not started', agent: 'erin' },
      }),
    ).data;
    expect(back).toMatchObject({ status: 'open', assignee: null, lease_expires_at: null });
    b.ok(await t.api.POST('/api/tasks/{id}/cancel', { params: path(task.task_number), body: { reason: 'dup' } }));
    expect(
      expectError(
        await t.api.POST('/api/tasks/{id}/cancel', { params: path(task.task_number), body: { reason: 'dup' } }),
        409,
        'conflict',
      ),
    ).toContain('is cancelled');
    const done = await inReview();
    b.ok(await t.api.POST('/api/tasks/{id}/approve', { params: path(done), body: {} }));
    expectError(
      await t.api.POST('/api/tasks/{id}/cancel', { params: path(done), body: { reason: 'late' } }),
      409,
      'conflict',
    );
  });

  it('cancelling an in-progress task ends its lease; the agent no longer holds it', async () => {
    const task = await b.add({ title: 'held' });
    await b.pickup('ann', { task_id: task.task_number });
    const cancelled = b.ok(
      await t.api.POST('/api/tasks/{id}/cancel', {
        params: path(task.task_number),
        body: { reason: 'scope cut', agent: 'lead' },
      }),
    ).data;
    expect(cancelled).toMatchObject({ status: 'cancelled', lease_expires_at: null });
    expectError(await b.heartbeat(task.task_number, 'ann'), 409, 'conflict');
    expect((await b.list()).data.map((x) => x.task_number)).not.toContain(task.task_number);
    expect((await b.list({ status: 'cancelled' })).data.map((x) => x.task_number)).toEqual([task.task_number]);
  });
});

describe('client keys', () => {
  it('a single create with a known key returns the existing task; bad keys are named', async () => {
    const first = await b.add({ title: 'once', key: 'k1' });
    const again = await b.add({ title: 'different title', key: 'k1' });
    expect(again).toMatchObject({ id: first.id, title: 'once', key: 'k1' });
    const bad = await t.api.POST('/api/tasks', { params: { query: b.q }, body: { title: 'x', key: 'a\u0000b' } });
    expectError(bad, 400, 'validation_error');
    expect(JSON.stringify(bad.error)).toContain('key');
    const dup = await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: [
        { title: 'a', key: 'd' },
        { title: 'b', key: 'd' },
      ],
    });
    expect(expectError(dup, 400, 'validation_error')).toContain('[1].key');
    expect((await b.list()).data).toHaveLength(1);
  });
});
