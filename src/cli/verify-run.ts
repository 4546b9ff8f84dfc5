import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { components } from '../../generated/api.js';
import { findConfigFile } from './config.js';

export type VerifyReport = components['schemas']['VerifyReport'];

/** Default time a verify command may take (`--verify-timeout`, CPK_VERIFY_TIMEOUT). */
export const DEFAULT_VERIFY_TIMEOUT_S = 600;
/** Output kept while it runs: enough for the tail that is printed and recorded. */
const KEEP_BYTES = 64 * 1024;
const TAIL_LINES = 40;
const TAIL_CHARS = 4000;
/** After the timeout's SIGTERM, how long the command's process group has before SIGKILL. */
const GRACE_MS = 2000;

/** The checkout a verify command runs in: the folder holding .codepakt/config.json, else `cwd`. */
export function checkoutRoot(cwd: string): string {
  const config = findConfigFile(cwd);
  return config ? dirname(dirname(config)) : cwd;
}

/** The last lines of `text`, at most TAIL_CHARS characters. */
export function tailOf(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const tail = lines.slice(-TAIL_LINES).join('\n');
  return tail.length > TAIL_CHARS ? tail.slice(-TAIL_CHARS) : tail;
}

/**
 * Run `command` with `sh -c` in `cwd`, its stdout and stderr captured together, in its own process
 * group so that a timeout stops everything it started (SIGTERM, then SIGKILL after a grace period).
 */
export function runVerify(command: string, cwd: string, timeoutMs: number): Promise<VerifyReport> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let kept = Buffer.alloc(0);
    const keep = (chunk: Buffer) => {
      kept = Buffer.concat([kept, chunk]);
      if (kept.length > KEEP_BYTES) kept = kept.subarray(kept.length - KEEP_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
      killer = setTimeout(() => signalGroup('SIGKILL'), GRACE_MS);
    }, timeoutMs);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      const duration_ms = Math.round(performance.now() - started);
      let output = kept.toString('utf8');
      if (spawnError) output += `\n${spawnError.message}`;
      if (signal && !timedOut) output += `\n(killed by ${signal})`;
      if (timedOut) output += `\n(timed out after ${Math.round(timeoutMs / 1000)} s; stopped)`;
      resolve({
        status: timedOut ? 'timed_out' : exitCode === 0 ? 'passed' : 'failed',
        command,
        exit_code: timedOut ? null : exitCode,
        duration_ms,
        output_tail: tailOf(output),
      });
    };
    child.on('error', (err) => finish(null, null, err));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
