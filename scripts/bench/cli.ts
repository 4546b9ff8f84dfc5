/** `cpk` as agents run it: one short-lived process per call. Wall time against `node -e 0`, and bytes printed. */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

export interface CliRunner {
  cli: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCall {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCpk(r: CliRunner, args: string[]): CliCall {
  return runNode(r, [r.cli, ...args]);
}

function runNode(r: CliRunner, args: string[]): CliCall {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, {
    cwd: r.cwd,
    env: r.env,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (res.error) throw res.error;
  return { code: res.status ?? 1, stdout: res.stdout, stderr: res.stderr, ms };
}

/** Like runCpk, but the call must succeed. */
export function cpkOk(r: CliRunner, args: string[]): CliCall {
  const res = runCpk(r, args);
  if (res.code !== 0) throw new Error(`cpk ${args.join(' ')} exited ${res.code}: ${res.stderr.trim()}`);
  return res;
}

export interface CallTimes {
  nodeBaseline: number;
  commands: { label: string; median: number; ratio: number; runs: number }[];
}

/**
 * Median wall time of each command over `runs` calls, interleaved with `node -e 0` so that both see
 * the same machine state; `args(i)` gives the i-th call's arguments.
 */
export function timeCalls(
  r: CliRunner,
  runs: number,
  commands: { label: string; args: (i: number) => string[] }[],
): CallTimes {
  const baseline: number[] = [];
  const samples = commands.map(() => [] as number[]);
  // One untimed round first: the page cache holds node and the bundle for every timed round alike.
  runNode(r, ['-e', '0']);
  for (const c of commands) runCpk(r, c.args(-1));
  for (let i = 0; i < runs; i++) {
    baseline.push(runNode(r, ['-e', '0']).ms);
    commands.forEach((c, k) => {
      const call = cpkOk(r, c.args(i));
      samples[k]?.push(call.ms);
    });
  }
  const nodeBaseline = median(baseline);
  return {
    nodeBaseline,
    commands: commands.map((c, k) => {
      const m = median(samples[k] ?? []);
      return { label: c.label, median: m, ratio: m / nodeBaseline, runs };
    }),
  };
}
