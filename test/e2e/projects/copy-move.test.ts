import { cpSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

describe('a project folder copied or moved', () => {
  it('a copy becomes a project of its own, with its history; the original keeps its id and data', async () => {
    const t = createTestApp();
    try {
      const original = await t.project('orig');
      const q = { project_id: original.id };
      await t.api.POST('/api/tasks', { params: { query: q }, body: { title: 'shared history' } });
      const copyPath = join(tempDir(), 'copy');
      cpSync(original.path, copyPath, { recursive: true });

      const res = await t.api.POST('/api/projects', { body: { name: 'copy', path: copyPath } });
      expect(res.response.status).toBe(201);
      const copy = res.data!.data;
      expect(copy.id).not.toBe(original.id);

      await t.api.POST('/api/tasks', {
        params: { query: { project_id: copy.id } },
        body: { title: 'only in the copy' },
      });
      const inCopy = await t.api.GET('/api/tasks', { params: { query: { project_id: copy.id } } });
      const inOriginal = await t.api.GET('/api/tasks', { params: { query: q } });
      expect(inCopy.data?.data.map((x) => x.title)).toEqual(['shared history', 'only in the copy']);
      expect(inOriginal.data?.data.map((x) => x.title)).toEqual(['shared history']);
      const created = await t.api.GET('/api/events', {
        params: { query: { project_id: copy.id, type: 'project.created' } },
      });
      expect(created.data?.data.at(-1)?.payload).toMatchObject({ id: copy.id, copied_from: original.id });
      expect((await t.api.GET('/api/projects')).data?.data.map((p) => p.id).sort()).toEqual(
        [original.id, copy.id].sort(),
      );
    } finally {
      t.close();
    }
  });

  it('a moved folder keeps its project id and is served from its new place', async () => {
    const t = createTestApp();
    try {
      const p = await t.project('mover');
      await t.api.POST('/api/tasks', { params: { query: { project_id: p.id } }, body: { title: 'before the move' } });
      const newPath = join(tempDir(), 'moved');
      renameSync(p.path, newPath);
      const res = await t.api.POST('/api/projects', { body: { name: 'mover', path: newPath } });
      expect(res.data?.data).toMatchObject({ id: p.id, path: newPath });
      await t.api.POST('/api/tasks', { params: { query: { project_id: p.id } }, body: { title: 'after the move' } });
      const tasks = await t.api.GET('/api/tasks', { params: { query: { project_id: p.id } } });
      expect(tasks.data?.data.map((x) => x.title)).toEqual(['before the move', 'after the move']);
      expect((await t.api.GET('/api/projects')).data?.data).toHaveLength(1);
    } finally {
      t.close();
    }
  });
});
