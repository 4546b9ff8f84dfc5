import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/processes.js';

describe('the npm package', () => {
  it('ships the license, the readme, the CLI and the protocol templates', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const f of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/cli.js',
      'templates/protocol.md',
      'templates/AGENTS.md',
      'templates/CLAUDE.md',
    ])
      expect(files.has(f), f).toBe(true);
  }, 60_000);
});
