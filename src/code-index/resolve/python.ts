/**
 * Python imports resolved to files: `a.b` → `a/b.py`, `a/b.pyi` or `a/b/__init__.py`, searched from the
 * importing file's folder (the script's folder is on sys.path), the repository root, `src/`, and each
 * folder holding a pyproject.toml or setup.py (and its `src/`); relative imports by their level;
 * `from a import b` also names `a/b.py` when b is a submodule. Not found absolute imports are external.
 */
import { dirOf, EXTERNAL, joinPath, type RepoFiles, type Resolution, UNRESOLVED } from './context.js';

export class PythonResolver {
  private roots?: string[];

  constructor(private readonly repo: RepoFiles) {}

  private sourceRoots(): string[] {
    if (!this.roots) {
      const roots = new Set<string>(['', 'src']);
      for (const f of this.repo.files) {
        const name = f.slice(f.lastIndexOf('/') + 1);
        if (name === 'pyproject.toml' || name === 'setup.py' || name === 'setup.cfg') {
          const d = dirOf(f);
          roots.add(d);
          roots.add(d ? `${d}/src` : 'src');
        }
      }
      this.roots = [...roots].filter((r) => this.repo.isDir(r));
    }
    return this.roots;
  }

  /** The module file for a dotted path under `base`. */
  private module(base: string, dotted: string): string | undefined {
    const rel = dotted ? dotted.split('.').join('/') : '';
    const p = rel ? joinPath(base, rel) : base;
    if (p === undefined) return undefined;
    for (const c of [
      `${p}.py`,
      `${p}.pyi`,
      p ? `${p}/__init__.py` : '__init__.py',
      p ? `${p}/__init__.pyi` : '__init__.pyi',
    ])
      if (rel || c.includes('__init__')) if (this.repo.has(c)) return c;
    return undefined;
  }

  resolve(spec: string, from: string, names: string[] = []): Resolution {
    const level = /^\.*/.exec(spec)?.[0].length ?? 0;
    if (level > 0) {
      let base: string | undefined = dirOf(from);
      for (let i = 1; i < level && base !== undefined; i++) base = base ? dirOf(base) : undefined;
      if (base === undefined) return UNRESOLVED;
      return this.within(base, spec.slice(level), names) ?? UNRESOLVED;
    }
    for (const root of [dirOf(from), ...this.sourceRoots()]) {
      const hit = this.within(root, spec, names);
      if (hit) return hit;
    }
    return EXTERNAL;
  }

  private within(base: string, dotted: string, names: string[]): Resolution | undefined {
    const targets: string[] = [];
    const mod = this.module(base, dotted);
    if (mod) targets.push(mod);
    const pkgDir = dotted ? joinPath(base, dotted.split('.').join('/')) : base;
    if (pkgDir !== undefined && (mod?.includes('__init__') || (!mod && this.repo.isDir(pkgDir))))
      for (const n of names) {
        const sub = this.module(pkgDir, n);
        if (sub && !targets.includes(sub)) targets.push(sub);
      }
    // A namespace package (a folder without __init__.py) still belongs to the repository.
    if (!targets.length) return pkgDir !== undefined && dotted && this.repo.isDir(pkgDir) ? UNRESOLVED : undefined;
    return { targets, external: false };
  }
}
