/** Writing a scan's results: files, their symbols and imports, and every import resolved again. */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { Extracted } from './extract/types.js';
import { langOf, type Lang } from './languages.js';
import { type RepoFiles, Resolver } from './resolve/index.js';

export interface IndexedFile {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  hash: string;
}

export interface ParsedFile {
  path: string;
  lang: Lang;
  size: number;
  mtime_ms: number;
  hash: string;
  lines: number;
  extracted: Extracted;
}

export function indexedFiles(db: Db): Map<string, IndexedFile> {
  const rows = db.prepare('SELECT id, path, size, mtime_ms, hash FROM files').all() as IndexedFile[];
  return new Map(rows.map((r) => [r.path, r]));
}

/** Remove `gone`, replace `parsed`, refresh the stat of `touched` (same content, new mtime): one transaction. */
export function writeScan(
  db: Db,
  gone: string[],
  parsed: ParsedFile[],
  touched: { path: string; mtime_ms: number }[],
): void {
  const del = db.prepare('DELETE FROM files WHERE path = ?');
  const upsert = db.prepare(
    `INSERT INTO files (path, lang, size, mtime_ms, hash, lines) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET lang = excluded.lang, size = excluded.size, mtime_ms = excluded.mtime_ms,
       hash = excluded.hash, lines = excluded.lines RETURNING id`,
  );
  const clearSymbols = db.prepare('DELETE FROM symbols WHERE file_id = ?');
  const clearImports = db.prepare('DELETE FROM imports WHERE file_id = ?');
  const addSymbol = db.prepare(
    'INSERT INTO symbols (file_id, name, kind, line, end_line, exported, parent) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const addImport = db.prepare(
    'INSERT INTO imports (file_id, spec, line, names, target, external) VALUES (?, ?, ?, ?, NULL, 0)',
  );
  const touch = db.prepare('UPDATE files SET mtime_ms = ? WHERE path = ?');
  db.transaction(() => {
    for (const path of gone) del.run(path);
    for (const f of parsed) {
      const { id } = upsert.get(f.path, f.lang, f.size, f.mtime_ms, f.hash, f.lines) as { id: number };
      clearSymbols.run(id);
      clearImports.run(id);
      for (const s of f.extracted.symbols)
        addSymbol.run(id, s.name, s.kind, s.line, s.end_line, s.exported ? 1 : 0, s.parent ?? null);
      const seen = new Set<string>();
      for (const i of f.extracted.imports) {
        const key = `${i.spec}\n${i.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        addImport.run(id, i.spec, i.line, i.names?.join('\t') ?? null);
      }
    }
    for (const t of touched) touch.run(t.mtime_ms, t.path);
  })();
}

interface ImportKey {
  file_id: number;
  path: string;
  spec: string;
  line: number;
  names: string | null;
}

/**
 * Resolve every import again against the files as they are now: adding, removing or renaming any file
 * (or a tsconfig, go.mod, Cargo.toml) can change what another file's import names.
 */
export function resolveImports(db: Db, repo: RepoFiles, only?: string[]): void {
  const resolver = new Resolver(repo);
  const where = only ? `WHERE f.path IN (SELECT value FROM json_each(?))` : '';
  const keys = db
    .prepare(
      `SELECT DISTINCT i.file_id, f.path, i.spec, i.line, i.names FROM imports i JOIN files f ON f.id = i.file_id
       ${where} ORDER BY i.file_id, i.line`,
    )
    .all(...(only ? [JSON.stringify(only)] : [])) as ImportKey[];
  const add = db.prepare(
    'INSERT INTO imports (file_id, spec, line, names, target, external) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    if (only) {
      const del = db.prepare('DELETE FROM imports WHERE file_id = ?');
      for (const id of new Set(keys.map((k) => k.file_id))) del.run(id);
    } else db.prepare('DELETE FROM imports').run();
    for (const k of keys) {
      const lang = langOf(k.path);
      if (!lang) continue;
      const names = k.names ? k.names.split('\t') : undefined;
      const r = resolver.resolve({ spec: k.spec, line: k.line, ...(names ? { names } : {}) }, k.path, lang);
      if (!r.targets.length) add.run(k.file_id, k.spec, k.line, k.names, null, r.external ? 1 : 0);
      for (const t of r.targets) add.run(k.file_id, k.spec, k.line, k.names, t, 0);
    }
  })();
}

/** Imports counted per statement (a Go package import names several files but is one import). */
export function importCounts(db: Db): { total: number; resolved: number; external: number; unresolved: number } {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS total, SUM(resolved) AS resolved, SUM(external) AS external FROM (
         SELECT MAX(target IS NOT NULL) AS resolved, MAX(external) AS external FROM imports GROUP BY file_id, spec, line)`,
    )
    .get() as { total: number; resolved: number | null; external: number | null };
  const resolved = r.resolved ?? 0;
  const external = r.external ?? 0;
  return { total: r.total, resolved, external, unresolved: r.total - resolved - external };
}

/** Files whose change can change how other files' imports resolve. */
const RESOLUTION_INPUTS =
  /(^|\/)(tsconfig[^/]*\.json|jsconfig\.json|package\.json|go\.mod|Cargo\.toml|pyproject\.toml|setup\.py|setup\.cfg)$/;

/**
 * What every resolution depends on: the set of files, and the content of the configs above. While
 * it stays the same, only the imports of the files parsed again need resolving.
 */
export function resolutionFingerprint(repo: RepoFiles): string {
  const hash = createHash('sha1');
  for (const f of [...repo.files].sort()) {
    hash.update(f).update('\0');
    if (RESOLUTION_INPUTS.test(f)) hash.update(repo.read(f) ?? '').update('\0');
  }
  return hash.digest('base64url');
}
