/**
 * Rust: `mod x;` → `x.rs` or `x/mod.rs` beside the declaring module; `use` paths walked through the
 * module tree from `crate`, `self`, `super`, a child module, or a crate of this repository (by its
 * Cargo.toml name), to the deepest module file they name. Other crates are external.
 */
import { dirOf, EXTERNAL, joinPath, type RepoFiles, type Resolution, UNRESOLVED } from './context.js';

interface Crate {
  /** The folder the module tree hangs from (`src`). */
  src: string;
  root: string;
}

const ROOT_NAMES = new Set(['lib.rs', 'main.rs', 'build.rs']);

export class RustResolver {
  private crates?: Map<string, Crate>;

  constructor(private readonly repo: RepoFiles) {}

  private byName(): Map<string, Crate> {
    if (!this.crates) {
      this.crates = new Map();
      for (const f of this.repo.files) {
        if (f !== 'Cargo.toml' && !f.endsWith('/Cargo.toml')) continue;
        const text = this.repo.read(f) ?? '';
        const dir = dirOf(f);
        const src = joinPath(dir, 'src') ?? 'src';
        const lib = /\[lib\][^[]*?name\s*=\s*"([^"]+)"/s.exec(text)?.[1];
        const pkg = /\[package\][^[]*?name\s*=\s*"([^"]+)"/s.exec(text)?.[1];
        const root = [`${src}/lib.rs`, `${src}/main.rs`].find((p) => this.repo.has(p));
        const name = (lib ?? pkg)?.replace(/-/g, '_');
        if (name && root) this.crates.set(name, { src, root });
      }
    }
    return this.crates;
  }

  /** A file's crate folder and module path: `src/a/b.rs` → ['a', 'b']; crate roots → []. */
  private place(file: string): { src: string; path: string[] } {
    const dir = dirOf(file);
    const name = file.slice(dir.length ? dir.length + 1 : 0);
    const srcAt = file.lastIndexOf('src/');
    const isRoot =
      ROOT_NAMES.has(name) && (dir.endsWith('src') || dir === '')
        ? true
        : /(^|\/)(bin|tests|examples|benches)$/.test(dir);
    if (isRoot || srcAt < 0) return { src: dir, path: [] };
    const src = file.slice(0, srcAt + 3);
    const rel = file
      .slice(srcAt + 4)
      .replace(/\.rs$/, '')
      .split('/');
    if (rel[rel.length - 1] === 'mod') rel.pop();
    return { src, path: rel };
  }

  private moduleFile(src: string, path: string[], crateRoot: string): string | undefined {
    if (!path.length) return crateRoot;
    const p = joinPath(src, path.join('/'));
    if (p === undefined) return undefined;
    return [`${p}.rs`, `${p}/mod.rs`].find((c) => this.repo.has(c));
  }

  private crateRootOf(src: string, from: string): string {
    return [`${src}/lib.rs`, `${src}/main.rs`].find((p) => this.repo.has(p)) ?? from;
  }

  resolve(spec: string, from: string): Resolution {
    const here = this.place(from);
    if (spec.startsWith('mod ')) {
      const parts = spec.slice(4).split('::');
      const name = from.slice(from.lastIndexOf('/') + 1);
      const own = here.path.length === 0 || name === 'mod.rs' ? dirOf(from) : from.replace(/\.rs$/, '');
      const p = joinPath(own, parts.join('/'));
      const hit = p === undefined ? undefined : [`${p}.rs`, `${p}/mod.rs`].find((c) => this.repo.has(c));
      return hit ? { targets: [hit], external: false } : UNRESOLVED;
    }
    const segs = spec.replace(/^::/, '').split('::');
    let src = here.src;
    let root = here.path.length === 0 ? from : this.crateRootOf(src, from);
    let path: string[];
    const first = segs[0] ?? '';
    if (spec.startsWith('::')) return EXTERNAL;
    if (first === 'crate') path = [];
    else if (first === 'self' || first === 'super') path = [...here.path];
    else if (this.moduleFile(src, [...here.path, first], root)) path = [...here.path];
    else {
      const crate = this.byName().get(first);
      if (!crate) return EXTERNAL;
      src = crate.src;
      root = crate.root;
      path = [];
    }
    const rest = first === 'self' || first === 'super' ? segs : segs.slice(1);
    let best = this.moduleFile(src, path, root);
    for (const seg of rest) {
      if (seg === 'self') continue;
      if (seg === 'super') {
        path = path.slice(0, -1);
        best = this.moduleFile(src, path, root);
        continue;
      }
      const next = this.moduleFile(src, [...path, seg], root);
      if (!next) break;
      path = [...path, seg];
      best = next;
    }
    if (!best) return UNRESOLVED;
    return { targets: [best], external: false };
  }
}
