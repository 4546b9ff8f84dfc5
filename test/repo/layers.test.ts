import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The layering and size rules of the source tree, read from the files themselves. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_LINES = 300;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every module a file imports (static, dynamic and re-exports), as a path from the repo root or a bare name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : s));
}

const SOURCES = filesUnder('src');
const layerOf = (path: string) => path.split('/')[1];

describe('the source tree', () => {
  it(`has no source file over ${MAX_LINES} lines`, () => {
    const files = [...SOURCES, ...filesUnder('dashboard/src'), ...filesUnder('scripts')];
    const long = files
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f} (${x.lines})`);
    expect(long).toEqual([]);
  });

  it('keeps core free of I/O and of every other layer', () => {
    const bad = SOURCES.filter((f) => layerOf(f) === 'core').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^node:(fs|net|http|child_process)/.test(i) || /^src\/(db|server|cli|client)\//.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('lets imports point only down the layers: server → core ← db, cli → client/shared', () => {
    const allowed: Record<string, string[]> = {
      shared: ['shared'],
      core: ['core', 'shared'],
      db: ['db', 'core', 'shared'],
      client: ['client', 'shared'],
      // The server's composition root is the one place that picks a storage implementation.
      server: ['server', 'core', 'shared', 'client'],
      cli: ['cli', 'client', 'core', 'shared', 'code-index'],
    };
    const bad = SOURCES.flatMap((f) => {
      const from = layerOf(f) ?? '';
      return importsOf(f)
        .filter((i) => i.startsWith('src/'))
        .filter((i) => {
          const to = layerOf(i) ?? '';
          if (f === 'src/server/main.ts' && to === 'db') return false;
          return !(allowed[from] ?? [from]).includes(to) && !/^src\/[^/]+\.(ts|js)$/.test(i);
        })
        .map((i) => `${f} → ${i}`);
    });
    expect(bad).toEqual([]);
  });

  it('lets project-scoped handlers reach storage only through c.var, never the catalog or a db module', () => {
    const scoped = SOURCES.filter((f) => /^src\/server\/(tasks|docs|events|agents|board)\//.test(f));
    expect(scoped.length).toBeGreaterThan(20);
    const bad = scoped.filter((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return /\bcatalog\b/.test(text) || importsOf(f).some((i) => i.startsWith('src/db/'));
    });
    expect(bad).toEqual([]);
  });
});
