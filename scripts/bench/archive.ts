/**
 * Export and import rate of a large project through the real `cpk export --out` and `cpk import`,
 * with the resident memory of the server doing the streaming sampled all along (budget 150 MiB).
 * `npm run bench` runs it on its largest board; standalone, it fills a board of its own:
 *   npx tsx scripts/bench/archive.ts [--tasks 300000] [--keep-data]   (uses dist/ as built)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProject, seedBoard } from './board.js';
import { LoadClient } from './http.js';
import { memoryOf, startBuiltServer } from './processes.js';
import { fmt } from './stats.js';

export const ARCHIVE_RSS_BUDGET = 150 * 1024 * 1024;

export interface ArchivePass {
  seconds: number;
  tasksPerSecond: number;
  /** The streaming server's resident memory: before the pass, and the most sampled during it. */
  rssBefore: number;
  rssMax: number;
}

export interface ArchiveResult {
  tasks: number;
  events: number;
  bytes: number;
  export: ArchivePass;
  import: ArchivePass;
}

interface Target {
  url: string;
  pid: number;
}

/** Export `projectId` from `source`, import the file into a fresh server of its own; both timed and watched. */
export async function archiveRates(opts: {
  cli: string;
  serverJs: string;
  source: Target;
  projectId: string;
  work: string;
}): Promise<ArchiveResult> {
  const file = join(opts.work, 'archive.jsonl');
  const exported = await watched(opts.source.pid, () =>
    cpk(opts.cli, opts.work, opts.source.url, ['export', '--project', opts.projectId, '--out', file]),
  );
  const counts = JSON.parse(exported.stdout) as { tasks: number; events: number; bytes: number };
  const targetDir = join(opts.work, 'import-target');
  mkdirSync(targetDir, { recursive: true });
  const target = await startBuiltServer(opts.serverJs, targetDir);
  try {
    const imported = await watched(target.pid, () => cpk(opts.cli, opts.work, target.url, ['import', file]));
    const made = JSON.parse(imported.stdout) as { imported: { tasks: number } };
    if (made.imported.tasks !== counts.tasks)
      throw new Error(`imported ${made.imported.tasks} of ${counts.tasks} tasks`);
    const pass = (p: typeof exported): ArchivePass => ({
      seconds: p.ms / 1000,
      tasksPerSecond: counts.tasks / (p.ms / 1000),
      rssBefore: p.rssBefore,
      rssMax: p.rssMax,
    });
    return {
      tasks: counts.tasks,
      events: counts.events,
      bytes: statSync(file).size,
      export: pass(exported),
      import: pass(imported),
    };
  } finally {
    await target.stop();
    rmSync(file, { force: true });
  }
}

/** Run `fn`, sampling the resident memory of process `pid` every 20 ms meanwhile. */
async function watched<T>(
  pid: number,
  fn: () => Promise<T>,
): Promise<T & { ms: number; rssBefore: number; rssMax: number }> {
  const rssBefore = memoryOf(pid).rss;
  let rssMax = rssBefore;
  const timer = setInterval(() => {
    rssMax = Math.max(rssMax, memoryOf(pid).rss);
  }, 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    rssMax = Math.max(rssMax, memoryOf(pid).rss);
    return { ...result, ms, rssBefore, rssMax };
  } finally {
    clearInterval(timer);
  }
}

function cpk(cli: string, cwd: string, url: string, args: string[]): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, CPK_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve({ stdout }) : reject(new Error(`cpk ${args.join(' ')} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/** The report's rows (scripts/bench/report.ts). */
export function archiveRows(r: ArchiveResult | undefined): string[][] {
  if (!r) return [];
  const size = `${fmt.int(r.tasks)} tasks, ${fmt.int(r.events)} events, ${fmt.mib(r.bytes)} archive`;
  const row = (label: string, p: ArchivePass, who: string): string[] => [
    `${label} (\`cpk ${label === 'Export' ? 'export --out' : 'import'}\`), ${size}`,
    `${fmt.int(p.tasksPerSecond)} tasks/s (${p.seconds.toFixed(1)} s) · ${who} RSS at most ${fmt.mib(p.rssMax)} (${fmt.mib(p.rssBefore)} before, +${fmt.mib(p.rssMax - p.rssBefore)} while streaming)`,
    `RSS ≤ ${fmt.mib(ARCHIVE_RSS_BUDGET)}`,
    p.rssMax <= ARCHIVE_RSS_BUDGET ? 'met' : '**missed**',
  ];
  return [row('Export', r.export, 'server'), row('Import', r.import, 'importing server')];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const { values } = parseArgs({
    options: { tasks: { type: 'string', default: '300000' }, 'keep-data': { type: 'boolean', default: false } },
  });
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const work = mkdtempSync(join(tmpdir(), 'cpk-bench-archive-'));
  const server = await startBuiltServer(join(root, 'dist', 'server.js'), join(work, 'data'));
  const api = new LoadClient(server.url, 4);
  try {
    const { projectId } = await createProject(api, work, 'board-archive');
    process.stderr.write(`[bench] seeding ${values.tasks} tasks\n`);
    await seedBoard(api, projectId, Number(values.tasks));
    const result = await archiveRates({
      cli: join(root, 'dist', 'cli.js'),
      serverJs: join(root, 'dist', 'server.js'),
      source: server,
      projectId,
      work,
    });
    process.stdout.write(
      `${archiveRows(result)
        .map((cells) => `| ${cells.join(' | ')} |`)
        .join('\n')}\n`,
    );
  } finally {
    api.close();
    await server.stop();
    if (!values['keep-data']) rmSync(work, { recursive: true, force: true });
  }
}
