import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board, expectError } from '../../helpers/board.js';

/** GET /api/tasks/search: words in title, description or notes; title matches first. */

let t: TestApp;
let b: ReturnType<typeof board>;

const search = async (q: string, extra: { status?: string; limit?: number } = {}) =>
  b.ok(await t.api.GET('/api/tasks/search', { params: { query: { ...b.q, q, ...extra } } })).data;
const numbers = (hits: { task_number: string }[]) => hits.map((h) => h.task_number);

beforeAll(async () => {
  t = createTestApp();
  b = board(t.api, (await t.project('search')).id);
  await b.addMany([
    { title: 'Reset flow', description: 'Users forget their password.' }, // T-001
    { title: 'Password rules', priority: 'P2' }, // T-002
    { title: 'Stripe webhook', description: 'Retry 100% of failed_events.' }, // T-003
    { title: 'Unrelated' }, // T-004
    { title: 'Cancelled password work' }, // T-005
  ]);
  b.ok(await b.note('T-004', 'Remember the PASSWORD manager', 'ann'));
  b.ok(
    await t.api.POST('/api/tasks/{id}/cancel', {
      params: { path: { id: 'T-005' }, query: b.q },
      body: { reason: 'dup', agent: 'ann' },
    }),
  );
});
afterAll(async () => {
  await t?.close();
  removeTempDirs();
});

describe('task search', () => {
  it('finds part of a word, in any case, in title, description and notes; title matches first', async () => {
    const hits = await search('pass');
    expect(numbers(hits)).toEqual(['T-002', 'T-001', 'T-004']);
    expect(hits.map((h) => h.matched_in)).toEqual([['title'], ['description'], ['notes']]);
    expect(hits[0]).toMatchObject({ title: 'Password rules', project_id: b.q.project_id, status: 'open' });
  });

  it('every word must match; -word excludes; "phrase" matches as typed', async () => {
    expect(numbers(await search('password users'))).toEqual(['T-001']);
    expect(numbers(await search('password -rules'))).toEqual(['T-001', 'T-004']);
    expect(numbers(await search('"their password"'))).toEqual(['T-001']);
    expect(numbers(await search('"password their"'))).toEqual([]);
  });

  it('takes LIKE wildcards literally', async () => {
    expect(numbers(await search('100%'))).toEqual(['T-003']);
    expect(numbers(await search('failed_events'))).toEqual(['T-003']);
    expect(numbers(await search('_'))).toEqual(['T-003']);
    expect(numbers(await search('retry_100'))).toEqual([]);
  });

  it('leaves cancelled tasks out unless asked; status and limit narrow', async () => {
    expect(numbers(await search('cancelled'))).toEqual([]);
    expect(numbers(await search('password', { status: 'cancelled' }))).toEqual(['T-005']);
    expect(numbers(await search('password', { status: 'open,cancelled', limit: 2 }))).toEqual(['T-005', 'T-002']);
  });

  it('a query with nothing to look for finds nothing, never fails', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('-password')).toEqual([]);
    expect(await search('"')).toEqual([]);
  });

  it('bad input is a 400 naming the field', async () => {
    const bad = (query: Record<string, unknown>) =>
      t.api.GET('/api/tasks/search', { params: { query: { ...b.q, q: 'x', ...query } as never } });
    expect(expectError(await bad({ status: 'nope' }), 400, 'validation_error')).toMatch(/status/);
    expect(expectError(await bad({ limit: 0 }), 400, 'validation_error')).toMatch(/limit/);
    expect(expectError(await bad({ q: 'x'.repeat(501) }), 400, 'validation_error')).toMatch(/q/);
    expectError(await t.api.GET('/api/tasks/search', { params: { query: b.q } as never }), 400, 'validation_error');
  });
});
