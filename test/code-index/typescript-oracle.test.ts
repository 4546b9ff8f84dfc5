/**
 * On this repository itself, `dependents` must agree with TypeScript's own module resolution on every
 * file: each file's imports as the compiler reads them (ts.preProcessFile) resolved by
 * ts.resolveModuleName with the options of the file's tsconfig. Every true pair found, no false one.
 * The fixture repositories (test/code-index/fixtures) are checked against their own hand-written
 * expectations instead: one holds a workspace package, which TypeScript finds only through the
 * node_modules link a package manager would make.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeIndex, openIndex } from '../../src/code-index/api.js';
import { listFiles } from '../../src/code-index/files.js';
import { langOf } from '../../src/code-index/languages.js';
import { scan } from '../../src/code-index/scan.js';
import { ROOT } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

const FIXTURES = 'test/code-index/fixtures/';
let copy: string;
let index: CodeIndex;
let sources: string[];

beforeAll(async () => {
  // A copy of the checkout (tracked and unignored files), so the scan writes nothing into the tree.
  copy = tempDir('cpk-oracle-');
  for (const f of listFiles(ROOT)) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    try {
      copyFileSync(join(ROOT, f), join(copy, f));
    } catch {
      // Deleted from the working tree while we copied.
    }
  }
  await scan(copy);
  index = openIndex(copy);
  sources = listFiles(copy).filter((f) => {
    if (f.startsWith(FIXTURES)) return false;
    const lang = langOf(f);
    return lang === 'typescript' || lang === 'tsx';
  });
}, 120_000);

afterAll(() => {
  index?.close();
  removeTempDirs();
});

function compilerOptions(file: string): ts.CompilerOptions {
  const config = ts.findConfigFile(dirname(file), ts.sys.fileExists);
  if (!config) return {};
  const read = ts.readConfigFile(config, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(config)).options;
}

/** importer → imported, as TypeScript resolves them, within the copy and outside node_modules. */
function truePairs(): Map<string, Set<string>> {
  const dependents = new Map<string, Set<string>>();
  for (const rel of sources) {
    const abs = join(copy, rel);
    const options = compilerOptions(abs);
    const text = readFileSync(abs, 'utf8');
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      const r = ts.resolveModuleName(imported.fileName, abs, options, ts.sys).resolvedModule;
      if (!r || r.isExternalLibraryImport) continue;
      const target = relative(copy, r.resolvedFileName).split('\\').join('/');
      if (target.startsWith('..') || target.includes('node_modules/') || target === rel) continue;
      let set = dependents.get(target);
      if (!set) dependents.set(target, (set = new Set()));
      set.add(rel);
    }
  }
  return dependents;
}

describe('dependents agrees with TypeScript on this repository', () => {
  it('finds every pair TypeScript resolves and no other, for every file', () => {
    const expected = truePairs();
    let pairs = 0;
    const missing: string[] = [];
    const extra: string[] = [];
    for (const file of new Set([...sources, ...expected.keys()].filter((f) => !f.startsWith(FIXTURES)))) {
      const want = expected.get(file) ?? new Set<string>();
      pairs += want.size;
      let got: Set<string>;
      try {
        got = new Set(index.dependents(file, 1).map((d) => d.at.replace(/:\d+$/, '')));
      } catch {
        got = new Set();
      }
      for (const w of want) if (!got.has(w)) missing.push(`${w} -> ${file}`);
      for (const g of got) if (!want.has(g)) extra.push(`${g} -> ${file}`);
    }
    expect(pairs).toBeGreaterThan(500);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });
});
