/** Copy a hand-written fixture repository to a temporary folder and scan it (the scan writes .codepakt/ there). */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeIndex, openIndex } from '../../src/code-index/api.js';
import { scan, type ScanReport } from '../../src/code-index/scan.js';
import { tempDir } from '../helpers/temp.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export async function scannedFixture(name: string): Promise<{ root: string; index: CodeIndex; report: ScanReport }> {
  const root = tempDir(`cpk-fixture-${name}-`);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  const report = await scan(root);
  return { root, index: openIndex(root), report };
}

/** `dependents` as `file` (depth 1) or `file via a, b` rows, for compact expectations. */
export function dependentFiles(index: CodeIndex, file: string, depth = 1): string[] {
  return index
    .dependents(file, depth)
    .map((d) => `${d.at.replace(/:\d+$/, '')}${d.via ? ` via ${d.via.join(', ')}` : ''}`)
    .sort();
}
