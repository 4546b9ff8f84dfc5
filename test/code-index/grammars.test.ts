/** Every grammar loads in the installed web-tree-sitter (current WASM format), and its package's own tags query compiles against it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS, langOf, loadWebTreeSitter, tagsQueryFile } from '../../src/code-index/languages.js';
import { createParser } from '../../src/code-index/parser.js';

const SAMPLES: Record<string, string> = {
  typescript: 'export function f(): number { return 1; }',
  tsx: 'export const App = () => <div />;\nexport function g() {}',
  javascript: 'export function f() { return 1; }',
  python: 'def f():\n    return 1\n',
  go: 'package p\n\nfunc F() int { return 1 }\n',
  rust: 'pub fn f() -> i32 { 1 }\n',
};

describe('grammars', () => {
  it('loads all six and parses a sample of each', async () => {
    const parser = await createParser(LANGS);
    const ts = loadWebTreeSitter();
    for (const lang of LANGS) {
      const language = await parser.language(lang);
      // The package's tags.scm: compiling it proves the grammar is the version its queries were written for.
      const query = new ts.Query(language, readFileSync(tagsQueryFile(lang), 'utf8'));
      expect(query.captureNames.length, lang).toBeGreaterThan(0);
      const names = parser.parse(SAMPLES[lang] ?? '', lang).symbols.map((s) => s.name);
      expect(names.length, lang).toBeGreaterThan(0);
      expect(names[0], lang).toMatch(/^(f|F|App)$/);
    }
  });

  it('maps file extensions to languages', () => {
    expect(
      [
        'a.ts',
        'a.mts',
        'a.cts',
        'a.d.ts',
        'a.tsx',
        'a.js',
        'a.jsx',
        'a.mjs',
        'a.cjs',
        'a.py',
        'a.go',
        'a.rs',
        'a.json',
        'Makefile',
        'x.y/z',
      ].map(langOf),
    ).toEqual([
      'typescript',
      'typescript',
      'typescript',
      'typescript',
      'tsx',
      'javascript',
      'javascript',
      'javascript',
      'javascript',
      'python',
      'go',
      'rust',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
