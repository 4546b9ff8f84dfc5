import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { board } from '../helpers/board.js';
import { removeTempDirs } from '../helpers/temp.js';

/**
 * A NUL character in text is refused with 400 naming the field, on every store (vitest.postgres.config.ts
 * runs this file over PostgreSQL too): SQLite could keep it, PostgreSQL text cannot, and the API answers
 * the same whichever runs. Nothing is written.
 */
afterAll(removeTempDirs);

let t: TestApp;
let b: ReturnType<typeof board>;
beforeEach(async () => {
  t = createTestApp();
  b = board(t.api, (await t.project('nul')).id);
  await b.add({ title: 'first' });
});
afterEach(() => t.close());

async function lastEventId(): Promise<number> {
  const res = await t.api.GET('/api/events', { params: { query: { ...b.q, order: 'desc', limit: 1 } } });
  return res.data!.data[0]!.id;
}

function expectNul(res: { error?: unknown; response: Response }, path: string): void {
  expect(res.response.status, JSON.stringify(res.error)).toBe(400);
  const body = res.error as { error: string; message: string; details: { path: string; message: string }[] };
  expect(body.error).toBe('validation_error');
  // Fields that take no control character at all say so (docs); the others name the NUL.
  expect(body.details).toEqual([
    { path, message: expect.stringMatching(/NUL character \(U\+0000\)|control characters/) },
  ]);
  expect(body.message).toContain(path);
}

describe('NUL characters in text', () => {
  it('are refused in every body field that holds text, naming it; nothing is written', async () => {
    const before = await lastEventId();
    const q = { query: b.q };
    expectNul(
      await t.api.POST('/api/tasks', { params: q, body: { title: 't', description: 'a\u0000b' } }),
      'description',
    );
    expectNul(
      await t.api.POST('/api/tasks', {
        params: q,
        body: [{ title: 'ok' }, { title: 't', acceptance_criteria: ['x\u0000'] }],
      }),
      '1.acceptance_criteria.0',
    );
    expectNul(
      await t.api.PATCH('/api/tasks/{id}', { params: { ...q, path: { id: 'T-001' } }, body: { verify: 'make\u0000' } }),
      'verify',
    );
    expectNul(
      await t.api.POST('/api/tasks/{id}/notes', {
        params: { ...q, path: { id: 'T-001' } },
        body: { author: 'ann', text: 'note \u0000' },
      }),
      'text',
    );
    expectNul(
      await t.api.POST('/api/docs', { params: q, body: { type: 'reference', title: 'd', body: 'x\u0000y' } }),
      'body',
    );
    expect(await lastEventId()).toBe(before);
    expect((await b.list()).data).toHaveLength(1);
  });

  it('are refused in path and query values; a search text may hold one (it only separates words)', async () => {
    expectNul(await t.api.GET('/api/tasks/{id}', { params: { query: b.q, path: { id: 'T-\u0000' } } }), 'id');
    expectNul(await t.api.GET('/api/tasks', { params: { query: { ...b.q, assignee: 'a\u0000' } } }), 'assignee');
    const search = await t.api.GET('/api/docs/search', { params: { query: { ...b.q, q: 'a\u0000b' } } });
    expect(search.response.status).toBe(200);
  });

  it('other control characters in free text are kept as they are, on every store', async () => {
    const task = await b.add({ title: 'tabs', description: 'a\tb\u0001c\u001fd\r\n' });
    expect(task.description).toBe('a\tb\u0001c\u001fd\r\n');
  });
});
