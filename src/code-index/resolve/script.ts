/**
 * TypeScript and JavaScript specifiers resolved as the compiler does (moduleResolution bundler/node16):
 * relative paths, `paths` and `baseUrl`, extensions and `index` files, `./x.js` naming `x.ts`, JSON
 * with resolveJsonModule, and workspace packages (a package.json in the repository) through their
 * `exports`, `types` or `main`. Anything else bare is an external package.
 */
import { dirOf, EXTERNAL, joinPath, type RepoFiles, type Resolution, UNRESOLVED } from './context.js';
import { parseJsonc } from './jsonc.js';
import { type ScriptOptions, TsConfigs } from './tsconfig.js';

const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx', '.d.ts'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};
const TS_EXTENSIONS = ['.ts', '.tsx', '.d.ts'];
const JS_EXTENSIONS = ['.js', '.jsx'];

interface Workspace {
  dir: string;
  manifest: { exports?: unknown; types?: string; typings?: string; main?: string; module?: string };
}

export class ScriptResolver {
  private readonly configs: TsConfigs;
  private workspaces?: Map<string, Workspace>;

  constructor(private readonly repo: RepoFiles) {
    this.configs = new TsConfigs(repo);
  }

  resolve(spec: string, from: string): Resolution {
    const options = this.configs.forFile(from);
    const js = options.allowJs || /\.[cm]?jsx?$/.test(from);
    const found = (p: string | undefined) => (p === undefined ? undefined : this.fileOrDir(p, js, options));
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
      const hit = found(joinPath(dirOf(from), spec));
      return hit ? { targets: [hit], external: false } : UNRESOLVED;
    }
    if (spec.startsWith('/')) return UNRESOLVED;
    for (const [pattern, targets] of matchingPaths(options, spec)) {
      for (const target of targets) {
        const hit = found(joinPath(options.pathsBase, target.replace('*', pattern)));
        if (hit) return { targets: [hit], external: false };
      }
    }
    if (options.baseUrl !== undefined) {
      const hit = found(joinPath(options.baseUrl, spec));
      if (hit) return { targets: [hit], external: false };
    }
    const ws = this.workspace(spec, js, options);
    if (ws !== undefined) return ws ? { targets: [ws], external: false } : UNRESOLVED;
    return EXTERNAL;
  }

  private file(p: string, js: boolean, options: ScriptOptions): string | undefined {
    const ext = /\.[cm]?jsx?$/.exec(p)?.[0];
    if (ext) {
      const stem = p.slice(0, -ext.length);
      for (const e of TS_FOR_JS[ext] ?? []) if (this.repo.has(stem + e)) return stem + e;
      if (js && this.repo.has(p)) return p;
    }
    if (/\.([cm]?tsx?)$/.test(p) && this.repo.has(p)) return p;
    if (p.endsWith('.json')) return options.resolveJson && this.repo.has(p) ? p : undefined;
    for (const e of js ? [...TS_EXTENSIONS, ...JS_EXTENSIONS] : TS_EXTENSIONS) if (this.repo.has(p + e)) return p + e;
    return undefined;
  }

  private fileOrDir(p: string, js: boolean, options: ScriptOptions): string | undefined {
    const hit = this.file(p, js, options);
    if (hit || !this.repo.isDir(p)) return hit;
    const manifest = this.manifest(p ? `${p}/package.json` : 'package.json');
    for (const entry of [manifest?.types, manifest?.typings, manifest?.main]) {
      if (typeof entry !== 'string') continue;
      const e = joinPath(p, entry);
      const h = e === undefined ? undefined : (this.file(e, js, options) ?? this.indexIn(e, js));
      if (h) return h;
    }
    return this.indexIn(p, js);
  }

  private indexIn(dir: string, js: boolean): string | undefined {
    for (const e of js ? [...TS_EXTENSIONS, ...JS_EXTENSIONS] : TS_EXTENSIONS) {
      const p = dir ? `${dir}/index${e}` : `index${e}`;
      if (this.repo.has(p)) return p;
    }
    return undefined;
  }

  private manifest(path: string): Workspace['manifest'] | undefined {
    const text = this.repo.read(path);
    if (text === undefined) return undefined;
    try {
      return parseJsonc(text) as Workspace['manifest'];
    } catch {
      return undefined;
    }
  }

  /** A package of this repository (not under node_modules) by its name: its file, '' when the subpath is missing, undefined when no such package. */
  private workspace(spec: string, js: boolean, options: ScriptOptions): string | '' | undefined {
    if (!this.workspaces) {
      this.workspaces = new Map();
      for (const f of this.repo.files) {
        if (!(f === 'package.json' || f.endsWith('/package.json')) || f.includes('node_modules/')) continue;
        const m = this.manifest(f) as (Workspace['manifest'] & { name?: unknown }) | undefined;
        if (m && typeof m.name === 'string') this.workspaces.set(m.name, { dir: dirOf(f), manifest: m });
      }
    }
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
    const ws = this.workspaces.get(name);
    if (!ws) return undefined;
    const sub = spec.slice(name.length) || '';
    const exported = exportTarget(ws.manifest.exports, `.${sub}`);
    if (exported !== undefined) {
      const p = joinPath(ws.dir, exported);
      return (p !== undefined && (this.file(p, js, options) ?? (this.repo.has(p) ? p : undefined))) || '';
    }
    if (ws.manifest.exports !== undefined) return '';
    const p = sub ? joinPath(ws.dir, sub.slice(1)) : ws.dir;
    return (p !== undefined && this.fileOrDir(p, js, options)) || '';
  }
}

/** `paths` patterns that match, the most specific (longest prefix) first; `*` captures. */
function matchingPaths(options: ScriptOptions, spec: string): [string, string[]][] {
  const out: [string, string[], number][] = [];
  for (const [pattern, targets] of options.paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === spec) out.push(['', targets, Number.MAX_SAFE_INTEGER]);
      continue;
    }
    const pre = pattern.slice(0, star);
    const post = pattern.slice(star + 1);
    if (spec.length >= pre.length + post.length && spec.startsWith(pre) && spec.endsWith(post))
      out.push([spec.slice(pre.length, spec.length - post.length), targets, pre.length]);
  }
  return out.sort((a, b) => b[2] - a[2]).map(([m, t]) => [m, t]);
}

const CONDITIONS = ['types', 'import', 'require', 'node', 'default'];

/** The file `exports` maps a subpath to (conditions types, import, require, node, default; `*` patterns). */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === undefined || exports === null) return undefined;
  if (typeof exports === 'string' || Array.isArray(exports))
    return subpath === '.' ? conditional(exports, '') : undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (!keys.some((k) => k.startsWith('.'))) return subpath === '.' ? conditional(map, '') : undefined;
  if (subpath in map) return conditional(map[subpath], '');
  for (const key of keys.filter((k) => k.includes('*')).sort((a, b) => b.length - a.length)) {
    const [pre = '', post = ''] = key.split('*');
    if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length)
      return conditional(map[key], subpath.slice(pre.length, subpath.length - post.length));
  }
  return undefined;
}

function conditional(value: unknown, star: string): string | undefined {
  if (typeof value === 'string') return value.replace('*', star);
  if (Array.isArray(value)) {
    for (const v of value) {
      const hit = conditional(v, star);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const c of CONDITIONS)
      if (c in obj) {
        const hit = conditional(obj[c], star);
        if (hit) return hit;
      }
  }
  return undefined;
}
