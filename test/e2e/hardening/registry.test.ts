import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER, startServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { runNode } from './http.js';

afterAll(() => removeTempDirs());

const good = {
  id: '0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d',
  name: 'alpha',
  path: '/srv/alpha',
  created_at: '2026-11-24T09:00:00.000Z',
};

/** Start a server on a registry holding `content`: it must refuse, naming the file and `expected`, and leave the file alone. */
async function expectRefusedToStart(content: string, expected: RegExp): Promise<void> {
  const dataDir = tempDir('cpk-registry-');
  const file = join(dataDir, 'projects.json');
  writeFileSync(file, content);
  const res = await runNode([SERVER, '--port', '0', '--data-dir', dataDir], { CPK_TOKEN: '' });
  expect(res.code, res.output).toBe(1);
  expect(res.output).toContain(file);
  expect(res.output).toMatch(expected);
  expect(res.output).not.toMatch(/\n\s+at /);
  expect(readFileSync(file, 'utf8')).toBe(content);
}

describe('a project registry that parses but is wrong stops the server from starting, naming the file and the entry', () => {
  it('[1,"x",null,true] (every /api request answered 500 once started)', async () => {
    await expectRefusedToStart('[1,"x",null,true]', /entry at index 0 \(\(entry\): .*object/i);
  });

  it('an entry with a missing field names its index and the field', async () => {
    const { path: _path, ...noPath } = good;
    await expectRefusedToStart(JSON.stringify([good, noPath]), /entry at index 1 \(path: /);
    const { created_at: _c, ...noDate } = good;
    await expectRefusedToStart(JSON.stringify([noDate]), /entry at index 0 \(created_at: /);
  });

  it('wrong types, an empty id, a relative path, an unknown field, a repeated id', async () => {
    await expectRefusedToStart(JSON.stringify([{ ...good, name: 42 }]), /index 0 \(name: /);
    await expectRefusedToStart(JSON.stringify([{ ...good, id: '' }]), /index 0 \(id: /);
    await expectRefusedToStart(
      JSON.stringify([{ ...good, path: 'relative/alpha' }]),
      /index 0 \(path: Must be an absolute path/,
    );
    await expectRefusedToStart(JSON.stringify([{ ...good, extra: true }]), /index 0 \(.*extra/);
    await expectRefusedToStart(
      JSON.stringify([good, { ...good, path: '/srv/beta' }]),
      /index 1 \(id: .* already the id of entry 0/,
    );
  });

  it('a valid registry (including an empty one) still starts', async () => {
    for (const content of ['[]', JSON.stringify([good])]) {
      const dataDir = tempDir('cpk-registry-');
      writeFileSync(join(dataDir, 'projects.json'), content);
      const s = await startServer({ dataDir, env: { CPK_TOKEN: '' } });
      const res = await fetch(`${s.url}/api/projects`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { id: string; unavailable?: string }[] };
      // A registered folder that is gone is listed with the reason, not a 500.
      if (content !== '[]') expect(body.data[0]?.unavailable).toMatch(/no longer exists/);
      expect(await s.stop()).toBe(0);
    }
  });
});
