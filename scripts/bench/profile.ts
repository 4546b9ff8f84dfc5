/**
 * `tsx scripts/bench/profile.ts [pickup|create]`: the server under one load with `--cpu-prof`, so a
 * budget that is missed can be traced to its cause. Writes the .cpuprofile into bench-results/profile/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, pickupLoad, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const what = process.argv[2] ?? 'pickup';
const out = join(ROOT, 'bench-results', 'profile');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cpk-prof-'));
const serverJs = join(ROOT, 'dist', 'server.js');
const dataDir = join(work, 'data');
const profiled = ['--cpu-prof', `--cpu-prof-dir=${out}`, `--cpu-prof-name=${what}.cpuprofile`];
try {
  // The pickup profile covers pickups only: the board is filled by an unprofiled server first.
  let server = await startBuiltServer(serverJs, dataDir, what === 'create' ? profiled : []);
  let api = new LoadClient(server.url, 16);
  const { projectId } = await createProject(api, work, 'board');
  await seedBoard(api, projectId, what === 'create' ? 100_000 : 40_000);
  if (what !== 'create') {
    api.close();
    await server.stop();
    server = await startBuiltServer(serverJs, dataDir, profiled);
    api = new LoadClient(server.url, 16);
    const r = await pickupLoad(api, projectId, 16, 30_000);
    process.stderr.write(`${Math.round(r.perSecond)}/s\n`);
  }
  api.close();
  await server.stop();
} finally {
  rmSync(work, { recursive: true, force: true });
}
