/**
 * A scan big enough to parse on every core (the built `cpk`, this process plus worker threads, results
 * written as they come) indexes exactly what one thread does (`scan()` from sources): the same files,
 * symbols and imports, row for row; and a one-file `--changed` scan after it (parsed in the process,
 * without tiering up) agrees too.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadOnly } from '../../src/code-index/db.js';
import { indexPath } from '../../src/code-index/paths.js';
import { scan } from '../../src/code-index/scan.js';
import { cpk } from '../helpers/processes.js';
import { removeTempDirs } from '../helpers/temp.js';
import { gitIn, gitRepo } from './git-repo.js';

afterAll(removeTempDirs);

/** 120 modules importing each other statically, dynamically and with require, plus a TSX and a JS file. */
function files(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < 120; i++) {
    const next = (i + 1) % 120;
    const body = Array.from({ length: i % 7 }, (_, k) => `export function f${i}_${k}() {\n  return ${k};\n}\n`);
    out[`src/m${i}.ts`] = [
      `import { f${next}_0 } from './m${next}.js';`,
      `export class C${i} {\n  run() {\n    return import('./m${(i + 2) % 120}.js');\n  }\n}`,
      `export const value${i} = require('./m${(i + 3) % 120}');`,
      `// import('./not-real.js') in a comment is no import`,
      `const s = "require('./nor-this')";`,
      ...body,
      `export type T${i} = typeof f${next}_0;`,
    ].join('\n');
  }
  out['src/view.tsx'] = "import { C1 } from './m1';\nexport const View = () => <div>{String(C1)}</div>;\n";
  out['lib/plain.js'] = "const m = require('../src/m2');\nmodule.exports = function plain() { return m; };\n";
  return out;
}

function rows(root: string): unknown[] {
  const db = openReadOnly(indexPath(root));
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return [
      all('SELECT path, lang, size, hash, lines FROM files ORDER BY path'),
      all(
        `SELECT f.path, s.name, s.kind, s.line, s.end_line, s.exported, s.parent FROM symbols s
         JOIN files f ON f.id = s.file_id ORDER BY f.path, s.line, s.name, s.kind`,
      ),
      all(
        `SELECT f.path, i.spec, i.line, i.names, i.target, i.external FROM imports i
         JOIN files f ON f.id = i.file_id ORDER BY f.path, i.line, i.spec, i.target`,
      ),
    ];
  } finally {
    db.close();
  }
}

describe('a scan on every core', () => {
  it('indexes what one thread does, and so does a --changed scan after it', async () => {
    const tree = files();
    const parallel = gitRepo(tree);
    const single = gitRepo(tree);

    const run = await cpk(['scan'], { cwd: parallel });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ files: 122, parsed: 122, mode: 'full' });
    await scan(single);
    expect(rows(parallel)).toEqual(rows(single));
    const imports = (rows(parallel)[2] as { path: string; spec: string }[]).filter((r) => r.path === 'src/m5.ts');
    expect(imports.map((r) => r.spec)).toEqual(['./m6.js', './m7.js', './m8']);

    for (const root of [parallel, single]) {
      appendFileSync(join(root, 'src/m5.ts'), "\nexport const late = () => import('./m9.js');\n");
      gitIn(root, 'rm', '-q', 'src/m7.ts');
    }
    const changed = await cpk(['scan', '--changed'], { cwd: parallel });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.json()).toMatchObject({ files: 121, parsed: 1, removed: 1, mode: 'changed' });
    await scan(single, { changed: true });
    expect(rows(parallel)).toEqual(rows(single));
  }, 120_000);
});
