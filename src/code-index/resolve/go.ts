/**
 * Go imports resolved through go.mod: an import path under the module's path is a folder of the
 * module, and the import names every non-test .go file in it; `replace` directives to local folders
 * are followed. Paths without a dot in their first element are the standard library.
 */
import { dirOf, EXTERNAL, joinPath, type RepoFiles, type Resolution, UNRESOLVED } from './context.js';

interface GoModule {
  dir: string;
  path: string;
  replaces: [from: string, dir: string][];
}

export class GoResolver {
  private modules?: GoModule[];

  constructor(private readonly repo: RepoFiles) {}

  private all(): GoModule[] {
    if (!this.modules) {
      this.modules = [];
      for (const f of this.repo.files) {
        if (f !== 'go.mod' && !f.endsWith('/go.mod')) continue;
        const text = this.repo.read(f) ?? '';
        const path = /^\s*module\s+"?([^\s"]+)"?/m.exec(text)?.[1];
        if (!path) continue;
        const dir = dirOf(f);
        const replaces: [string, string][] = [];
        for (const m of text.matchAll(/^\s*(?:replace\s+)?([^\s()]+)(?:\s+v\S+)?\s+=>\s+(\.{1,2}\/\S*)/gm)) {
          const target = joinPath(dir, m[2] as string);
          if (target !== undefined) replaces.push([m[1] as string, target]);
        }
        this.modules.push({ dir, path, replaces });
      }
      // The deepest module first: a nested go.mod owns its folder.
      this.modules.sort((a, b) => b.dir.length - a.dir.length);
    }
    return this.modules;
  }

  resolve(spec: string, from: string): Resolution {
    const mods = this.all();
    const own = mods.find((m) => m.dir === '' || from.startsWith(`${m.dir}/`));
    const candidates: [string, string][] = [];
    for (const m of own ? [own, ...mods.filter((x) => x !== own)] : mods) {
      candidates.push([m.path, m.dir]);
      if (m === own) for (const r of m.replaces) candidates.push(r);
    }
    for (const [path, dir] of candidates) {
      if (spec !== path && !spec.startsWith(`${path}/`)) continue;
      const folder = joinPath(dir, spec.slice(path.length).replace(/^\//, ''));
      if (folder === undefined) return UNRESOLVED;
      const files = this.repo.filesIn(folder).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
      return files.length ? { targets: files, external: false } : UNRESOLVED;
    }
    return EXTERNAL;
  }
}
