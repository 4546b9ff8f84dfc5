import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectRegistry } from '../../../src/db/sqlite/registry.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

const folder = { id: 'f-1', name: 'alpha', path: '/srv/alpha', created_at: '2026-11-24T09:00:00.000Z' };
const hosted = { id: 'h-1', name: 'beta', kind: 'hosted', path: null, created_at: '2026-11-24T09:00:00.000Z' };

function registryHolding(entries: unknown[]): { dataDir: string; open: () => ProjectRegistry } {
  const dataDir = tempDir('cpk-registry-');
  writeFileSync(join(dataDir, 'projects.json'), JSON.stringify(entries));
  return { dataDir, open: () => new ProjectRegistry(dataDir) };
}

describe('the registry records each project as a folder or hosted', () => {
  it('an entry written before hosted projects (no kind) is a folder project', () => {
    const r = registryHolding([folder]).open();
    expect(r.get('f-1')).toEqual({ ...folder, kind: 'folder' });
    expect(r.databaseFile(r.get('f-1')!)).toBe('/srv/alpha/.codepakt/data.db');
  });

  it("a hosted project's database is under the data dir, and it is never found by a path", () => {
    const { dataDir, open } = registryHolding([folder, hosted]);
    const r = open();
    expect(r.databaseFile(r.get('h-1')!)).toBe(join(dataDir, 'projects', 'h-1', 'data.db'));
    expect(r.findByPath('/srv/alpha')?.id).toBe('f-1');
    // A hosted entry also parses with no path field at all.
    const bare = registryHolding([{ id: 'h-2', name: 'x', kind: 'hosted', created_at: 'now' }]).open();
    expect(bare.get('h-2')?.path).toBeNull();
  });

  it('adding a hosted project keeps every other one, hosted or not; re-adding a folder by path replaces it', () => {
    const { dataDir, open } = registryHolding([folder, hosted]);
    const r = open();
    r.upsert({ id: 'h-2', name: 'gamma', kind: 'hosted', path: null, created_at: 'now' });
    expect(r.list().map((e) => e.id)).toEqual(['f-1', 'h-1', 'h-2']);
    r.upsert({ id: 'f-2', name: 'moved-in', kind: 'folder', path: '/srv/alpha', created_at: 'now' });
    expect(r.list().map((e) => e.id)).toEqual(['h-1', 'h-2', 'f-2']);
    const written = JSON.parse(readFileSync(join(dataDir, 'projects.json'), 'utf8')) as { kind: string }[];
    expect(written.map((e) => e.kind)).toEqual(['hosted', 'hosted', 'folder']);
    expect(new ProjectRegistry(dataDir).list()).toEqual(r.list());
  });

  it.each([
    ['a folder without a path', { ...folder, path: undefined }, /index 0 \(path: Required\)/],
    ['a hosted project with a path', { ...hosted, path: '/srv/x' }, /path: A hosted project has no path/],
    ['a hosted id that climbs out of the data dir', { ...hosted, id: '../../etc' }, /id: Must be letters/],
    ['an unknown kind', { ...folder, kind: 'cloud' }, /kind/],
  ])('refuses %s, naming the file and the field', (_what, entry, expected) => {
    const { dataDir, open } = registryHolding([entry]);
    expect(open).toThrow(expected);
    expect(open).toThrow(join(dataDir, 'projects.json'));
  });
});
