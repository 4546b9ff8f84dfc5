/** What every resolver works from: the repository's files, known without touching the disk again. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Resolution {
  /** Files the import names (a Go package is every file of its directory). */
  targets: string[];
  /** A package from outside the repository: npm, the standard library, a crate. */
  external: boolean;
}

export const UNRESOLVED: Resolution = { targets: [], external: false };
export const EXTERNAL: Resolution = { targets: [], external: true };

export class RepoFiles {
  readonly files: Set<string>;
  readonly dirs = new Set<string>();
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    readonly root: string,
    paths: Iterable<string>,
  ) {
    this.files = new Set(paths);
    for (const f of this.files) {
      for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) {
        const d = f.slice(0, i);
        if (this.dirs.has(d)) break;
        this.dirs.add(d);
      }
    }
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  isDir(path: string): boolean {
    return path === '' || this.dirs.has(path);
  }

  /** A file's text, read once per scan; undefined when it is not there. */
  read(path: string): string | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    let text: string | undefined;
    try {
      text = this.files.has(path) ? readFileSync(join(this.root, path), 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.cache.set(path, text);
    return text;
  }

  /** The files directly in `dir`. */
  filesIn(dir: string): string[] {
    const prefix = dir ? `${dir}/` : '';
    const out: string[] = [];
    for (const f of this.files) if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/')) out.push(f);
    return out.sort();
  }
}

/** `a/b/../c/./d` → `a/c/d`; undefined when it climbs out of the root. */
export function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, rel: string): string | undefined {
  return normalize(dir ? `${dir}/${rel}` : rel);
}
