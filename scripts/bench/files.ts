/**
 * Files on tasks: pickup throughput with files on every task against the same board without, and the
 * git guard's pre-commit check of a 50,000-path commit. `npx tsx scripts/bench/files.ts` runs it alone
 * (after `npm run build`); scripts/bench.ts adds its rows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH, createProject, pickupLoad, seedTask } from './board.js';
import { LoadClient } from './http.js';
import { startBuiltServer } from './processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface FilesBench {
  without: number;
  withFiles: number;
  ratio: number;
  guard: { paths: number; wallMs: number; checkMs: number; breakdown: string };
}

async function seed(client: LoadClient, projectId: string, size: number, files: boolean): Promise<void> {
  for (let start = 0; start < size; start += BATCH) {
    const body = Array.from({ length: Math.min(BATCH, size - start) }, (_, i) => {
      const n = start + i + 1;
      // Files like a real task's: a module folder and a shared file; every task's own, none overlapping.
      return { ...seedTask(n), ...(files ? { files: [`src/module-${n}/**`, `test/module-${n}.test.ts`] } : {}) };
    });
    const res = await client.sendRaw('POST', `/api/tasks?project_id=${projectId}`, JSON.stringify(body), 201);
    if (res.status !== 201) throw new Error(`seeding failed: ${res.body.slice(0, 200)}`);
  }
}

export async function filesBench(
  opts: { tasks?: number; pickups?: number; agents?: number } = {},
): Promise<FilesBench> {
  const tasks = opts.tasks ?? 6000;
  const pickups = opts.pickups ?? 2400;
  const agents = opts.agents ?? 16;
  const dataDir = mkdtempSync(join(tmpdir(), 'cpk-bench-files-'));
  const server = await startBuiltServer(join(ROOT, 'dist/server.js'), dataDir);
  try {
    const client = new LoadClient(server.url, agents);
    const rates: Record<'without' | 'with', number[]> = { without: [], with: [] };
    for (let round = 0; round < 2; round++)
      for (const kind of ['without', 'with'] as const) {
        const { projectId } = await createProject(client, join(dataDir, 'projects'), `${kind}-${round}`);
        await seed(client, projectId, tasks, kind === 'with');
        await pickupLoad(client, projectId, agents, 200);
        rates[kind].push((await pickupLoad(client, projectId, agents, pickups)).perSecond);
      }
    const best = (xs: number[]) => Math.max(...xs);
    const guard = await guardBench(server.url, client, dataDir);
    return {
      without: best(rates.without),
      withFiles: best(rates.with),
      ratio: best(rates.with) / best(rates.without),
      guard,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A commit staging 50,000 paths, checked by `cpk guard --check pre-commit` against 40 live holds. */
async function guardBench(url: string, client: LoadClient, dataDir: string): Promise<FilesBench['guard']> {
  const repo = join(dataDir, 'repo');
  mkdirSync(repo, { recursive: true });
  const cli = join(ROOT, 'dist/cli.js');
  const env = { ...process.env, CPK_URL: url, CPK_DATA_DIR: dataDir, CPK_AGENT: 'committer', CPK_GUARD_TIMING: '1' };
  execFileSync(process.execPath, [cli, 'init', '--name', 'guard'], { cwd: repo, env });
  execFileSync('git', ['init', '-q'], { cwd: repo });
  for (let i = 0; i < 40; i++)
    execFileSync(process.execPath, [cli, 'files', 'reserve', `vendor/lib-${i}/**`, `docs/part-${i}/*.md`], {
      cwd: repo,
      env: { ...env, CPK_AGENT: `holder-${i}` },
    });
  const paths = 50_000;
  for (let d = 0; d < 500; d++) {
    mkdirSync(join(repo, `src/pkg-${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(repo, `src/pkg-${d}/file-${f}.ts`), '');
  }
  execFileSync('git', ['add', 'src'], { cwd: repo });
  let breakdown = '';
  const walls: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'guard', '--check', 'pre-commit'], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    walls.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`guard refused: ${r.stderr}`);
    const m = /in ([\d.]+) ms \((.*)\)/.exec(r.stderr);
    checks.push(Number(m?.[1] ?? Number.NaN));
    breakdown = m?.[2] ?? '';
  }
  void client;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return { paths, wallMs: median(walls), checkMs: median(checks), breakdown };
}

/** What scripts/bench.ts adds to its run: the measures and their rows. */
export async function filesReport(log: (line: string) => void): Promise<{ data: FilesBench; rows: string }> {
  log('files on tasks and the git guard');
  const data = await filesBench();
  return { data, rows: filesRows(data) };
}

/** The report's rows: a markdown table like the others. */
export function filesRows(r: FilesBench): string {
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  return [
    '| Measure | Result | Budget | Verdict |',
    '|---|---|---|---|',
    `| Pickup, 16 agents, two globs on every task vs none | ${r.withFiles.toFixed(0)}/s vs ${r.without.toFixed(0)}/s = ${r.ratio.toFixed(2)} | ≥ 0.8 | ${verdict(r.ratio >= 0.8)} |`,
    `| \`cpk guard --check pre-commit\`, ${r.guard.paths.toLocaleString('en-US')} staged paths, 80 globs held | ${r.guard.checkMs.toFixed(1)} ms checking (${r.guard.breakdown}); ${r.guard.wallMs.toFixed(0)} ms wall with cpk start-up | ≤ 100 ms | ${verdict(r.guard.checkMs <= 100)} |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(filesRows(await filesBench()));
