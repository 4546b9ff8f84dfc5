/** The ranked map: fits its budget, ranks by the import graph, and leans toward what a task names. */
import { afterAll, describe, expect, it } from 'vitest';
import { estimateTokens, pageRank } from '../../src/code-index/map.js';
import { removeTempDirs } from '../helpers/temp.js';
import { scannedFixture } from './fixture-helpers.js';

afterAll(removeTempDirs);

describe('cpk code map', () => {
  it('PageRank puts the most depended-on node first', () => {
    // 0 → 2, 1 → 2, 2 → 3: 3 is reached through everything.
    const rank = pageRank([[2], [2], [3], []]);
    expect(rank.indexOf(Math.max(...rank))).toBe(3);
    expect(rank.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('stays within the budget and fills it when there is enough to show', async () => {
    const { index } = await scannedFixture('typescript');
    for (const tokens of [60, 120, 200]) {
      const map = index.map({ tokens });
      expect(map.tokens).toBeLessThanOrEqual(tokens);
      expect(map.tokens).toBe(estimateTokens(map.files));
    }
    const all = index.map({ tokens: 100_000 });
    expect(all.files.flatMap((f) => f.symbols)).toHaveLength(index.summary().symbols);
    // The most imported file of the fixture comes first.
    expect(all.files[0]?.file).toBe('src/greet.ts');
    index.close();
  });

  it('a task naming files and identifiers pulls them to the top', async () => {
    const { index } = await scannedFixture('typescript');
    const plain = index.map({ tokens: 80 });
    expect(plain.files.map((f) => f.file)).not.toContain('packages/util/src/extra.ts');
    const focused = index.map({
      tokens: 80,
      taskText: 'Rename `extra` in the util package',
      taskFiles: ['packages/util/'],
    });
    expect(focused.files[0]?.file).toBe('packages/util/src/extra.ts');
    expect(focused.files[0]?.symbols).toEqual(['extra:2']);
    index.close();
  });
});
