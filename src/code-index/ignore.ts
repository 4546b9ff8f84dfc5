/**
 * Ignore files as git reads them (.gitignore, and .codepaktignore in the same syntax): comments,
 * `!` negations, a trailing `/` for folders only, patterns with a slash anchored to the file's folder,
 * `**`, and the last matching rule winning; a file inside an ignored folder stays ignored.
 */
import { globSource } from './glob.js';

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

export class IgnoreRules {
  /** Rules by the folder of the file that declared them ('' = root), in the order they were added. */
  private readonly byDir = new Map<string, Rule[]>();
  private readonly dirCache = new Map<string, boolean>();

  add(dir: string, text: string): void {
    const rules = this.byDir.get(dir) ?? [];
    for (const raw of text.split(/\r?\n/)) {
      const rule = parseRule(raw);
      if (rule) rules.push(rule);
    }
    this.byDir.set(dir, rules);
    this.dirCache.clear();
  }

  get empty(): boolean {
    return this.byDir.size === 0;
  }

  /** `path` relative to the root; folders (and everything in them) included. */
  ignores(path: string, isDir = false): boolean {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) if (this.dirIgnored(parts.slice(0, i).join('/'))) return true;
    return isDir ? this.dirIgnored(path) : this.matches(path, false);
  }

  private dirIgnored(dir: string): boolean {
    let hit = this.dirCache.get(dir);
    if (hit === undefined) {
      hit = this.matches(dir, true);
      this.dirCache.set(dir, hit);
    }
    return hit;
  }

  /** Does the last rule that matches `path` (from the root's file to the deepest) exclude it? */
  private matches(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const [dir, rules] of this.byDir) {
      if (dir && !path.startsWith(`${dir}/`)) continue;
      const rel = dir ? path.slice(dir.length + 1) : path;
      for (const r of rules) {
        if (r.dirOnly && !isDir) continue;
        if (r.re.test(rel)) ignored = !r.negate;
      }
    }
    return ignored;
  }
}

function parseRule(raw: string): Rule | undefined {
  let line = raw.replace(/(?<!\\)\s+$/, '');
  if (!line || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (!line) return undefined;
  const anchored = line.includes('/');
  line = line.replace(/^\//, '');
  const source = globSource(line);
  const re = new RegExp(anchored ? `^${source}$` : `^(?:.*/)?${source}$`);
  return { re, negate, dirOnly };
}
