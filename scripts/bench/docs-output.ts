/** The bytes `cpk docs search` prints for a few docs, for the output rows of `npm run bench`. */
import { type CliRunner, runCpk } from './cli.js';
import type { BenchResults } from './report.js';

/** `cpk docs search` on a few docs; the knowledge base may be missing from this build. */
export function docsSearchOutput(runner: CliRunner): BenchResults['output'][number] {
  const label = 'cpk docs search';
  const docs = [
    [
      'decision',
      'Auth token lifetime',
      'Access tokens expire after 15 minutes; refresh tokens after 30 days. Rotate on every refresh.',
    ],
    [
      'operational',
      'Running the migrations',
      'Run the migrations before starting the server; they are idempotent and ordered by number.',
    ],
    [
      'learning',
      'Flaky login test',
      'The login test was flaky because the token expiry used the wall clock; inject the clock instead.',
    ],
  ] as const;
  for (const [type, title, body] of docs) {
    const res = runCpk(runner, ['docs', 'write', '--type', type, '--title', title, '--body', body]);
    if (res.code !== 0) return { label, bytes: null, note: `docs unavailable: ${res.stderr.trim().slice(0, 80)}` };
  }
  const res = runCpk(runner, ['docs', 'search', 'token']);
  if (res.code !== 0) return { label, bytes: null, note: `docs search failed: ${res.stderr.trim().slice(0, 80)}` };
  return { label, bytes: Buffer.byteLength(res.stdout), note: '3 docs, query "token"' };
}
