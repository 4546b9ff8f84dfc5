/**
 * The code index rows: a full `cpk scan` of this repository (files/s, and per core), `scan --changed`
 * after editing one file, `cpk code` queries against `node -e 0`, and the bytes of typical answers.
 * Run alone with `npx tsx scripts/bench/code-index.ts` (after `npm run build`), or from scripts/bench.ts.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../../src/code-index/files.js';
import { type CallTimes, type CliRunner, cpkOk, timeCalls } from './cli.js';
import { median } from './stats.js';

export interface CodeIndexResults {
  files: number;
  threads: number;
  fullScan: { medianMs: number; filesPerSecond: number; perCore: number; runs: number };
  changedScan: { medianMs: number; runs: number };
  queries: CallTimes;
  output: { label: string; bytes: number; tokens: number }[];
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

/** A copy of this checkout's files in a git repository of its own, so scans write nothing into the tree. */
function copyOfRepo(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpk-bench-code-'));
  for (const f of listFiles(root)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      copyFileSync(join(root, f), join(dir, f));
    } catch {
      // Gone while we copied.
    }
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'bench');
  return dir;
}

export function codeIndexRows(root: string, cli: string, runs = 5): CodeIndexResults {
  const repo = copyOfRepo(root);
  try {
    const runner: CliRunner = { cli, cwd: repo, env: { PATH: process.env.PATH ?? '', HOME: repo } };
    const full: number[] = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      rmSync(join(repo, '.codepakt'), { recursive: true, force: true });
      const call = cpkOk(runner, ['scan']);
      files = (JSON.parse(call.stdout) as { files: number }).files;
      full.push(call.ms);
    }
    const changed: number[] = [];
    const edited = 'src/cli/output.ts';
    for (let i = 0; i < runs; i++) {
      appendFileSync(join(repo, edited), `\nexport const benchEdit${i} = ${i};\n`);
      changed.push(cpkOk(runner, ['scan', '--changed']).ms);
    }
    const queries = timeCalls(runner, runs * 4, [
      { label: 'cpk code symbols --name createTask', args: () => ['code', 'symbols', '--name', 'createTask'] },
      { label: 'cpk code dependents --file src/cli/output.ts', args: () => ['code', 'dependents', '--file', edited] },
    ]);
    const bytes = (args: string[]) => Buffer.byteLength(cpkOk(runner, args).stdout.trimEnd());
    const output = [
      ['cpk code symbols --name createTask', ['code', 'symbols', '--name', 'createTask']],
      ['cpk code imports --file src/cli/main.ts', ['code', 'imports', '--file', 'src/cli/main.ts']],
      ['cpk code map --tokens 1000', ['code', 'map', '--tokens', '1000']],
    ].map(([label, args]) => {
      const b = bytes(args as string[]);
      return { label: label as string, bytes: b, tokens: Math.ceil(b / 4) };
    });
    const ms = median(full);
    const threads = availableParallelism();
    const perSecond = files / (ms / 1000);
    return {
      files,
      threads,
      fullScan: { medianMs: ms, filesPerSecond: perSecond, perCore: perSecond / threads, runs },
      changedScan: { medianMs: median(changed), runs },
      queries,
      output,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export function renderCodeIndex(r: CodeIndexResults): string {
  const map = r.output.find((o) => o.label.includes('map'));
  const rows = [
    [
      'Full `cpk scan` of this repository',
      `${r.files} files in ${Math.round(r.fullScan.medianMs)} ms: ${Math.round(r.fullScan.filesPerSecond)} files/s, ${Math.round(r.fullScan.perCore)} per core (${r.threads} threads)`,
      '≥ 200 files/s per core',
      verdict(r.fullScan.perCore >= 200),
    ],
    [
      '`cpk scan --changed` after editing one file',
      `${Math.round(r.changedScan.medianMs)} ms`,
      '≤ 300 ms',
      verdict(r.changedScan.medianMs <= 300),
    ],
    ...r.queries.commands.map((c) => [
      `\`${c.label}\``,
      `${Math.round(c.median)} ms = ${c.ratio.toFixed(2)} × node -e 0 (${Math.round(r.queries.nodeBaseline)} ms)`,
      '≤ 1.6 ×',
      verdict(c.ratio <= 1.6),
    ]),
    ...r.output.map((o) => [
      `\`${o.label}\` output`,
      `${o.bytes} bytes ≈ ${o.tokens} tokens`,
      o === map ? '1,000 tokens ± 15%' : '≤ 200 tokens',
      verdict(o === map ? Math.abs(o.tokens - 1000) <= 150 : o.tokens <= 200),
    ]),
  ];
  return [
    '## Code index',
    '',
    '| Measure | Result | Budget | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/**
 * Alone: `npx tsx scripts/bench/code-index.ts [cli.js ...]` (RUNS=5 by default). Given several CLIs (say
 * a dist/ kept from before a change, and dist/cli.js), each one's rows are measured in turn, ROUNDS
 * times over (default 1), so that all of them see the machine as it is in the same minutes.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const clis = process.argv.length > 2 ? process.argv.slice(2) : [join(root, 'dist/cli.js')];
  const runs = Number(process.env.RUNS ?? 5);
  for (let round = 0; round < Number(process.env.ROUNDS ?? 1); round++) {
    for (const cli of clis) {
      const results = codeIndexRows(root, cli, runs);
      const title = clis.length > 1 ? `### ${cli} (round ${round + 1})\n\n` : '';
      process.stdout.write(`${title}${renderCodeIndex(results)}\n\n${JSON.stringify(results)}\n\n`);
    }
  }
}
