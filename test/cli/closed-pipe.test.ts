import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/processes.js';

/** `cpk args` whose reader has gone before it writes (as `| head -1` does once it has its line). */
function withReaderGone(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  it('ends the call quietly with its own exit code, no stack trace', async () => {
    const help = await withReaderGone(['--help']);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    const version = await withReaderGone(['--version']);
    expect(version.stderr).toBe('');
    expect(version.code).toBe(0);
  });
});
