import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { renderProtocolFiles } from '../../../src/cli/protocol/agent-protocol.js';
import { EXIT, EXIT_CODES_HELP } from '../../../src/cli/output.js';
import { VERSION } from '../../../src/version.js';

/** Every TypeScript file of the CLI, for the exit codes it sets. */
function cliSources(dir = fileURLToPath(new URL('../../../src/cli', import.meta.url))): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cliSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The codes of the protocol's exit-code table (the rows under `## Exit codes`). */
function tableCodes(text: string): number[] {
  const section = text.split('## Exit codes')[1] ?? '';
  return [...section.matchAll(/^\| (\d+) \| .+ \| .+ \|$/gm)].map((m) => Number(m[1]));
}

describe('the exit codes the protocol teaches', () => {
  const codes = Object.values(EXIT).sort((a, b) => a - b);

  it('the CLI sets exit codes only through EXIT: no literal code anywhere in src/cli', () => {
    const literal = /process\.exit\(\s*\d|exitCode\s*=\s*\d|exit:\s*\d|new CliError\(\s*\d/;
    const offenders = cliSources().filter((f) => literal.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    // EXIT is what --help lists too: one line per code.
    for (const code of codes) expect(EXIT_CODES_HELP).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });

  it('both generated files list every code once, in order, exit 3 saying the server cannot be used now', () => {
    const files = renderProtocolFiles(VERSION);
    for (const [name, text] of Object.entries(files)) {
      expect(tableCodes(text), name).toEqual(codes);
      const three = text.match(/^\| 3 \| (.+) \| (.+) \|$/m);
      expect(three?.[1], name).toMatch(/unreachable/);
      expect(three?.[1], name).toMatch(/storage unavailable/);
      expect(three?.[2], name).toMatch(/cpk server start/);
      expect(Buffer.byteLength(text), `${name} size`).toBeLessThanOrEqual(6 * 1024);
    }
  });
});
