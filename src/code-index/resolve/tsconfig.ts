/** The compiler options module resolution needs, from the nearest tsconfig.json (or jsconfig.json) and what it extends. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { dirOf, joinPath, type RepoFiles } from './context.js';
import { parseJsonc } from './jsonc.js';

export interface ScriptOptions {
  /** Relative to the root; where `paths` targets are taken from. */
  pathsBase: string;
  baseUrl?: string;
  paths: [pattern: string, targets: string[]][];
  allowJs: boolean;
  resolveJson: boolean;
}

const DEFAULTS: ScriptOptions = { pathsBase: '', paths: [], allowJs: false, resolveJson: false };

interface Raw {
  extends?: string | string[];
  compilerOptions?: {
    baseUrl?: string;
    paths?: Record<string, string[]>;
    allowJs?: boolean;
    checkJs?: boolean;
    resolveJsonModule?: boolean;
  };
}

export class TsConfigs {
  private readonly byDir = new Map<string, ScriptOptions>();

  constructor(private readonly repo: RepoFiles) {}

  /** The options for a file: those of the nearest config at or above its folder. */
  forFile(file: string): ScriptOptions {
    return this.forDir(dirOf(file));
  }

  private forDir(dir: string): ScriptOptions {
    const known = this.byDir.get(dir);
    if (known) return known;
    let found: ScriptOptions | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const path = dir ? `${dir}/${name}` : name;
      if (this.repo.has(path)) {
        found = this.load(join(this.repo.root, path), new Set(), name === 'jsconfig.json');
        break;
      }
    }
    const options = found ?? (dir ? this.forDir(dirOf(dir)) : DEFAULTS);
    this.byDir.set(dir, options);
    return options;
  }

  /** Absolute `file`; `extends` chains are followed (relative files and packages), each option from the nearest. */
  private load(file: string, seen: Set<string>, isJs: boolean): ScriptOptions {
    if (seen.has(file)) return DEFAULTS;
    seen.add(file);
    let raw: Raw;
    try {
      raw = parseJsonc(readFileSync(file, 'utf8')) as Raw;
    } catch {
      return DEFAULTS;
    }
    let base: ScriptOptions = { ...DEFAULTS, allowJs: isJs };
    const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
    for (const ext of parents) {
      const parentFile = locate(ext, dirname(file));
      if (parentFile) base = merge(base, this.load(parentFile, seen, isJs));
    }
    const co = raw.compilerOptions ?? {};
    const here = relative(this.repo.root, dirname(file)).split('\\').join('/');
    const out: ScriptOptions = { ...base };
    if (co.baseUrl !== undefined) {
      const b = joinPath(here, co.baseUrl);
      if (b !== undefined) out.baseUrl = b;
      out.pathsBase = b ?? here;
    }
    if (co.paths) {
      out.paths = Object.entries(co.paths).filter((e): e is [string, string[]] => Array.isArray(e[1]));
      // Targets are relative to baseUrl when set, else to the config that declares paths.
      if (co.baseUrl === undefined) out.pathsBase = base.baseUrl ?? here;
    }
    if (co.allowJs !== undefined) out.allowJs = co.allowJs;
    if (co.resolveJsonModule !== undefined) out.resolveJson = co.resolveJsonModule;
    return out;
  }
}

function merge(a: ScriptOptions, b: ScriptOptions): ScriptOptions {
  return { ...a, ...b };
}

function locate(spec: string, fromDir: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const p = join(fromDir, spec);
    for (const c of [p, `${p}.json`]) if (existsSync(c) && !c.endsWith('/')) return c;
    return undefined;
  }
  try {
    return createRequire(join(fromDir, 'x.js')).resolve(spec);
  } catch {
    try {
      return createRequire(join(fromDir, 'x.js')).resolve(`${spec}/tsconfig.json`);
    } catch {
      return undefined;
    }
  }
}
