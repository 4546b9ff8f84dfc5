import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { board } from '../../helpers/board.js';
import { testBackend } from '../../helpers/backend.js';
import { hostedFolders } from './archive-helpers.js';
import { importUnderWay } from './archive-pg-probe.js';

/**
 * A damaged or foreign archive is refused with 400 naming its line and field, and nothing of it is
 * left: no project registered, no file or folder in the data dir or the target folder.
 */

let a: RunningServer;
let b: RunningServer;
let work: string;
let good: string[];

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
  const p = await initProject(a, 'damaged');
  const t = board(createClient(a.url), p.projectId);
  await t.add({ title: 'first', tags: ['x'] });
  await t.add({ title: 'second', depends_on: ['T-001'], key: 'k-2' });
  await t.add({ title: 'third' });
  t.ok(await t.pickup('agent-1', { task_id: 'T-001' }));
  work = tempDir('cpk-damaged-');
  const out = await cpk(['export', '--out', join(work, 'good.jsonl')], { cwd: p.cwd, env: p.env });
  expect(out.code, out.stderr).toBe(0);
  good = readFileSync(join(work, 'good.jsonl'), 'utf8').trimEnd().split('\n');
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  removeTempDirs();
});

const env = () => ({ CPK_URL: b.url, CPK_DATA_DIR: b.dataDir });
/** Index in `good` of the n-th line of a kind. */
const lineOf = (kind: string, n = 0) => {
  let seen = 0;
  return good.findIndex((l) => l.startsWith(`{"kind":"${kind}"`) && seen++ === n);
};
const edit = (index: number, change: (r: Record<string, unknown>) => void): string[] => {
  const copy = [...good];
  const record = JSON.parse(copy[index]!) as Record<string, unknown>;
  change(record);
  copy[index] = JSON.stringify(record);
  return copy;
};
const text = (ls: string[]) => `${ls.join('\n')}\n`;

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

async function untilAsync(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/** Import `body` into server B (hosted, or into a fresh folder); it must be refused, leaving nothing. */
async function refused(name: string, body: string, intoFolder = false) {
  const file = join(work, `${name}.jsonl`);
  writeFileSync(file, body);
  // A server over PostgreSQL keeps no project in a folder (it refuses into_folder before reading).
  const folder = intoFolder && testBackend() === 'sqlite' ? tempDir('cpk-damaged-into-') : undefined;
  const before = JSON.stringify((await createClient(b.url).GET('/api/projects')).data?.data);
  const res = await cpk(['import', file, ...(folder ? ['--into-folder', folder] : [])], { cwd: work, env: env() });
  expect(res.code, `${name}: ${res.stdout}`).toBe(1);
  const error = res.error() as { error: string; message: string; details?: { path: string; message: string }[] };
  expect(JSON.stringify((await createClient(b.url).GET('/api/projects')).data?.data), name).toBe(before);
  expect(hostedFolders(b.dataDir), name).toEqual([]);
  if (folder) expect(readdirSync(folder), name).toEqual([]);
  return error;
}

describe('a damaged or foreign archive', () => {
  it('truncated: cut inside a line, or at a line end before the trailer', async () => {
    const whole = text(good);
    const cut = await refused('cut-mid-line', whole.slice(0, whole.indexOf('\n', whole.length / 2) - 10));
    expect(cut).toMatchObject({ error: 'validation_error' });
    expect(cut.message).toMatch(/^line \d+: not valid JSON .*truncated archive; nothing was imported/);
    const lastLine = good.length - 1;
    const noTrailer = await refused('no-trailer', text(good.slice(0, lastLine)), true);
    expect(noTrailer.details).toEqual([
      { path: `line ${lastLine + 1}`, message: expect.stringMatching(/without its trailer line: it was cut short/) },
    ]);
    const dropped = await refused('line-dropped', text(good.filter((_, i) => i !== lineOf('event', 2))));
    expect(dropped.details?.[0]?.path).toBe(`line ${good.length - 1}.counts.events`);
  });

  it('a line that is not JSON, a wrong version, foreign JSON, an unknown kind', async () => {
    const bad = [...good];
    bad[lineOf('task', 1)] = '{"kind":"task", oops';
    expect((await refused('bad-json', text(bad), true)).details?.[0]?.path).toBe(`line ${lineOf('task', 1) + 1}`);
    const v2 = await refused('version-2', text(edit(0, (r) => (r.version = 2))));
    expect(v2.details).toEqual([{ path: 'line 1.version', message: expect.stringMatching(/reads version 1/) }]);
    const foreign = await refused('foreign', '{"name":"some other tool","items":[1,2,3]}\n{"x":1}\n');
    expect(foreign.details?.[0]?.path).toBe('line 1.format');
    expect(foreign.message).toMatch(/not a codepakt archive/);
    const array = await refused('array', '[{"kind":"header"}]\n');
    expect(array.details?.[0]?.path).toBe('line 1');
    const kind = await refused('kind', text(edit(lineOf('task'), (r) => (r.kind = 'widget'))));
    expect(kind.details?.[0]?.path).toBe(`line ${lineOf('task') + 1}.kind`);
  });

  it('a field failing its check, an unknown field, a dangling dependency', async () => {
    const t2 = lineOf('task', 1);
    const status = await refused('status', text(edit(t2, (r) => (r.status = 'finished'))), true);
    expect(status.details).toEqual([
      { path: `line ${t2 + 1}.status`, message: expect.stringMatching(/must be one of/) },
    ]);
    const type = await refused('pickups', text(edit(t2, (r) => (r.pickups = '1'))));
    expect(type.details?.[0]?.path).toBe(`line ${t2 + 1}.pickups`);
    const unknown = await refused('unknown', text(edit(t2, (r) => (r.colour = 'red'))));
    expect(unknown.details).toEqual([{ path: `line ${t2 + 1}.colour`, message: 'Unknown field' }]);
    const dangling = await refused('dangling', text(edit(t2, (r) => (r.depends_on = ['T-001', 'T-099']))), true);
    expect(dangling.details).toEqual([
      { path: `line ${t2 + 1}.depends_on[1]`, message: 'T-099 is not a task of this archive' },
    ]);
    const header = await refused(
      'next-number',
      text(edit(0, (r) => ((r.project as Record<string, unknown>).next_task_number = 2))),
    );
    expect(header.details?.[0]?.path).toBe('line 1.project.next_task_number');
  });

  it('duplicate ids: a task id given twice, a client key reused, an agent twice, events out of order', async () => {
    const t1 = lineOf('task');
    const t3 = lineOf('task', 2);
    const firstId = (JSON.parse(good[t1]!) as { id: string }).id;
    const sameId = await refused('dup-task-id', text(edit(t3, (r) => (r.id = firstId))), true);
    expect(sameId.details).toEqual([
      { path: `line ${t3 + 1}.id`, message: `"${firstId}" is already the id of an earlier task line` },
    ]);
    const sameKey = await refused('dup-key', text(edit(t3, (r) => (r.key = 'k-2'))));
    expect(sameKey.details?.[0]?.path).toBe(`line ${t3 + 1}.key`);
    const agent = lineOf('agent');
    const twice = [...good.slice(0, agent + 1), good[agent]!, ...good.slice(agent + 1)];
    expect((await refused('dup-agent', text(twice))).details?.[0]?.path).toBe(`line ${agent + 2}.name`);
    const e1 = lineOf('event', 1);
    const swapped = [...good];
    [swapped[e1], swapped[e1 + 1]] = [swapped[e1 + 1]!, swapped[e1]!];
    expect((await refused('events-order', text(swapped))).details?.[0]?.path).toBe(`line ${e1 + 2}.id`);
  });

  it('an upload cut off midway by its client leaves nothing once the server notices', async () => {
    const events = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        kind: 'event',
        id: i + 1,
        type: 'note.bulk',
        entity_id: 'e',
        actor: 'a',
        payload: { i },
        created_at: '2026-01-01T00:00:00.000Z',
      }),
    );
    const body = text([good[0]!, ...events]);
    const req = request(`${b.url}/api/projects/import?new_id=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(body.slice(0, body.length / 2));
    // The import is under way: its temporary database is in the data dir (on PostgreSQL: its transaction is open).
    if (testBackend() === 'sqlite') await until(() => hostedFolders(b.dataDir).some((f) => f.startsWith('.import-')));
    else await untilAsync(async () => (await importUnderWay(b.dataDir)) === true);
    req.destroy();
    await until(() => hostedFolders(b.dataDir).length === 0);
    if (testBackend() === 'postgres') await untilAsync(async () => (await importUnderWay(b.dataDir)) === false);
    expect((await createClient(b.url).GET('/api/projects')).data?.data).toEqual([]);
  });

  it('the HTTP route: 415 for another media type, 400 for an empty body; the sound archive then imports', async () => {
    const post = (body: string, type: string) =>
      fetch(`${b.url}/api/projects/import`, { method: 'POST', headers: { 'content-type': type }, body });
    const json = await post(text(good), 'application/json');
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: 'unsupported_media_type' });
    const empty = await post('', 'application/x-ndjson');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: 'validation_error', details: [{ path: 'line 1' }] });
    const badFolder = await fetch(`${b.url}/api/projects/import?into_folder=relative/path`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: text(good),
    });
    expect(badFolder.status).toBe(400);
    expect(await badFolder.json()).toMatchObject({ details: [{ path: 'into_folder' }] });
    const missing = join(work, 'no-such-folder');
    const gone = await cpk(['import', join(work, 'good.jsonl'), '--into-folder', missing], { cwd: work, env: env() });
    expect(gone.error()).toMatchObject({ error: 'validation_error', details: [{ path: 'into_folder' }] });
    expect(existsSync(missing)).toBe(false);
    expect(hostedFolders(b.dataDir)).toEqual([]);

    const ok = await post(text(good), 'application/x-ndjson; charset=utf-8');
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ data: { kind: 'hosted', imported: { tasks: 3 } } });
    expect(hostedFolders(b.dataDir)).toHaveLength(testBackend() === 'sqlite' ? 1 : 0);
  });
});
