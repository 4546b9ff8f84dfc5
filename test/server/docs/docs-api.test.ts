import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { kb } from './helpers.js';

let t: TestApp;
let docs: ReturnType<typeof kb>;

beforeAll(async () => {
  t = createTestApp();
  docs = kb(t.api, (await t.project('kb')).id);
});
afterAll(() => {
  t.close();
  removeTempDirs();
});

const events = async (entity_id?: string) =>
  (await t.api.GET('/api/events', { params: { query: { ...docs.q, entity_id, limit: 1000 } } })).data?.data ?? [];

const detailPaths = (res: { error?: unknown }) =>
  ((res.error as { details?: { path: string }[] }).details ?? []).map((d) => d.path);

describe('docs', () => {
  it('writes docs numbered D-001, D-002 … with a doc.created event carrying no body', async () => {
    const a = await docs.write({
      type: 'decision',
      title: '  Use SQLite  ',
      body: '# Why\n\nOne file.',
      section: 'storage',
      tags: ['db', ' db ', 'storage'],
      author: 'claude',
    });
    const b = await docs.write({ type: 'reference', title: 'API', body: '' });
    expect(a).toMatchObject({
      id: 'D-001',
      type: 'decision',
      title: 'Use SQLite',
      body: '# Why\n\nOne file.',
      section: 'storage',
      tags: ['db', 'storage'],
      author: 'claude',
    });
    expect(a.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(a.updated_at).toBe(a.created_at);
    expect(b).toMatchObject({ id: 'D-002', section: null, tags: [], author: null });

    const [created] = await events('D-001');
    expect(created).toMatchObject({ type: 'doc.created', entity_id: 'D-001', actor: 'claude' });
    expect(created!.payload).toMatchObject({ id: 'D-001', title: 'Use SQLite', body_chars: 16 });
    expect(created!.payload).not.toHaveProperty('body');
    expect((await events('D-002'))[0]?.actor).toBe('human');
  });

  it('reads a doc with its body; lists without bodies, filtered by type, tag and ids', async () => {
    const read = await docs.read('D-001');
    expect(read.data?.data.body).toBe('# Why\n\nOne file.');
    expect((await docs.read('d-001')).data?.data.id).toBe('D-001');

    const all = (await docs.list()).data!.data;
    expect(all.map((d) => d.id)).toEqual(['D-001', 'D-002']);
    for (const d of all) expect(d).not.toHaveProperty('body');
    expect((await docs.list({ type: 'reference' })).data!.data.map((d) => d.id)).toEqual(['D-002']);
    expect((await docs.list({ tag: 'storage' })).data!.data.map((d) => d.id)).toEqual(['D-001']);
    expect((await docs.list({ ids: 'D-002, D-404,bogus' })).data!.data.map((d) => d.id)).toEqual(['D-002']);
    expect((await docs.list({ limit: 1 })).data!.data).toHaveLength(1);
  });

  it('updates fields, bumps updated_at and records doc.updated with what changed', async () => {
    const before = (await docs.read('D-001')).data!.data;
    await new Promise((r) => setTimeout(r, 5));
    const res = await docs.update('D-001', {
      title: 'Use SQLite (WAL)',
      body: 'Longer body text',
      tags: ['db'],
      section: null,
      actor: 'codex',
    });
    expect(res.response.status).toBe(200);
    const after = res.data!.data;
    expect(after).toMatchObject({
      id: 'D-001',
      title: 'Use SQLite (WAL)',
      body: 'Longer body text',
      tags: ['db'],
      section: null,
      type: 'decision',
      author: 'claude',
      created_at: before.created_at,
    });
    expect(after.updated_at > before.updated_at).toBe(true);

    const log = await events('D-001');
    const updated = log[log.length - 1]!;
    expect(updated).toMatchObject({ type: 'doc.updated', actor: 'codex' });
    expect(updated.payload).toEqual({
      id: 'D-001',
      title: 'Use SQLite (WAL)',
      changed: ['title', 'body', 'section', 'tags'],
      from: { title: 'Use SQLite', body_chars: 16, section: 'storage', tags: ['db', 'storage'] },
      to: { title: 'Use SQLite (WAL)', body_chars: 16, section: null, tags: ['db'] },
    });
  });

  it('a patch that changes nothing records nothing and keeps updated_at', async () => {
    const before = (await docs.read('D-001')).data!.data;
    const count = (await events('D-001')).length;
    const res = await docs.update('D-001', { title: before.title, tags: [...before.tags] });
    expect(res.response.status).toBe(200);
    expect(res.data!.data.updated_at).toBe(before.updated_at);
    expect(await events('D-001')).toHaveLength(count);
  });

  it('unknown docs are 404 doc_not_found, for read and update', async () => {
    for (const res of [
      await docs.read('D-999'),
      await docs.read('T-001'),
      await docs.update('D-999', { title: 'x' }),
    ]) {
      expect(res.response.status).toBe(404);
      expect((res.error as { error: string }).error).toBe('doc_not_found');
    }
  });

  it('rejects bad input with 400 naming each field, and stores nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ type: 'memo', title: 'x', body: '' }, ['type']],
      [{ type: 'learning', title: '', body: '' }, ['title']],
      [{ type: 'learning', title: 'x'.repeat(201), body: '' }, ['title']],
      [{ type: 'learning', title: 'x', body: 'b'.repeat(200_001) }, ['body']],
      [{ type: 'learning', title: 'x' }, ['body']],
      [{ type: 'learning', title: 'x', body: '', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ['tags']],
      [{ type: 'learning', title: 'x', body: '', tags: ['y'.repeat(51)] }, ['tags.0']],
      [{ type: 'learning', title: 'x', body: '', section: 's'.repeat(101) }, ['section']],
      [{ type: 'learning', title: 'x', body: '', author: 'a'.repeat(101) }, ['author']],
      [{ type: 'learning', title: 'line\nbreak', body: '' }, ['title']],
      [{ type: 'learning', title: 'x', body: '', extra: 1 }, ['extra']],
    ];
    const countBefore = (await docs.list()).data!.data.length;
    for (const [body, paths] of cases) {
      const res = await t.api.POST('/api/docs', { params: { query: docs.q }, body: body as never });
      expect(res.response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(detailPaths(res)).toEqual(paths);
    }
    expect((await docs.list()).data!.data.length).toBe(countBefore);

    const empty = await docs.update('D-001', {});
    expect(empty.response.status).toBe(400);
    expect((empty.error as { message: string }).message).toMatch(/Nothing to update/);
    const unknownField = await docs.update('D-001', { author: 'x' } as never);
    expect(unknownField.response.status).toBe(400);
    expect(detailPaths(unknownField)).toContain('author');
  });

  it('scopes docs to their project and names an unknown project', async () => {
    const other = kb(t.api, (await t.project('other')).id);
    expect((await other.list()).data!.data).toEqual([]);
    expect((await other.write({ type: 'learning', title: 'Mine', body: '' })).id).toBe('D-001');
    const missing = await t.api.GET('/api/docs', { params: { query: { project_id: 'no-such-project' } } });
    expect(missing.response.status).toBe(404);
    expect((missing.error as { error: string }).error).toBe('project_not_found');
  });
});
