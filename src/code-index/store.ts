/** Writing a scan's results: files, their symbols and imports, and every import resolved. */
import { createHash } from 'node:crypto';
import { BatchInsert } from './batch-insert.js';
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

export function indexedFiles(db: Db): Map<string, IndexedFile> {
  const rows = db.prepare('SELECT id, path, size, mtime_ms, hash FROM files').all() as IndexedFile[];
  return new Map(rows.map((r) => [r.path, r]));
}

/**
 * Writing one scan, in one transaction: files that left, files whose stat changed but not their
 * content (`touch`), and the files parsed again, each added (with its symbols and its imports, resolved
 * then and there) as its parse comes back, so that this thread writes while the workers parse. `begin`
 * gives every file to parse its row first, in path order, whatever order their parses finish in.
 */
export class ScanWriter {
  private readonly resolver: Resolver;
  private readonly ids = new Map<string, number>();
  private readonly addSymbol: BatchInsert;
  private readonly addImport: BatchInsert;
  private open = false;

  constructor(
    private readonly db: Db,
    repo: RepoFiles,
  ) {
    this.resolver = new Resolver(repo);
    this.addSymbol = new BatchInsert(db, 'symbols', [
      'file_id',
      'name',
      'kind',
      'line',
      'end_line',
      'exported',
      'parent',
    ]);
    this.addImport = new BatchInsert(db, 'imports', ['file_id', 'spec', 'line', 'names', 'target', 'external']);
  }

  begin(gone: string[], touched: { path: string; mtime_ms: number }[], toParse: FileRow[]): void {
    const db = this.db;
    db.exec('BEGIN');
    this.open = true;
    const del = db.prepare('DELETE FROM files WHERE path = ?');
    for (const path of gone) del.run(path);
    const touch = db.prepare('UPDATE files SET mtime_ms = ? WHERE path = ?');
    for (const t of touched) touch.run(t.mtime_ms, t.path);
    const upsert = db.prepare(
      `INSERT INTO files (path, lang, size, mtime_ms, hash, lines) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET lang = excluded.lang, size = excluded.size, mtime_ms = excluded.mtime_ms,
         hash = excluded.hash, lines = excluded.lines RETURNING id`,
    );
    const clearSymbols = db.prepare('DELETE FROM symbols WHERE file_id = ?');
    const clearImports = db.prepare('DELETE FROM imports WHERE file_id = ?');
    for (const f of [...toParse].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const { id } = upsert.get(f.path, f.lang, f.size, f.mtime_ms, f.hash, f.lines) as { id: number };
      clearSymbols.run(id);
      clearImports.run(id);
      this.ids.set(f.path, id);
    }
  }

  /** A file's parse: its symbols, and its imports resolved. */
  add(path: string, lang: Lang, extracted: Extracted): void {
    const id = this.ids.get(path);
    if (id === undefined) throw new Error(`${path} was not announced to the scan writer`);
    for (const s of extracted.symbols)
      this.addSymbol.add(id, s.name, s.kind, s.line, s.end_line, s.exported ? 1 : 0, s.parent ?? null);
    const seen = new Set<string>();
    for (const i of extracted.imports) {
      const key = `${i.spec}\n${i.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.insertResolved(id, path, lang, i.spec, i.line, i.names?.join('\t') ?? null);
    }
  }

  /** A file that could not be parsed leaves the index. */
  drop(path: string): void {
    this.db.prepare('DELETE FROM files WHERE path = ?').run(path);
    this.ids.delete(path);
  }

  /**
   * Resolve again the imports of every file not parsed by this scan: adding, removing or renaming any
   * file (or a tsconfig, go.mod, Cargo.toml) can change what another file's import names.
   */
  resolveTheRest(): void {
    this.flush();
    const parsed = [...this.ids.values()];
    const keys = this.db
      .prepare(
        `SELECT DISTINCT i.file_id, f.path, i.spec, i.line, i.names FROM imports i JOIN files f ON f.id = i.file_id
         WHERE i.file_id NOT IN (SELECT value FROM json_each(?)) ORDER BY i.file_id, i.line`,
      )
      .all(JSON.stringify(parsed)) as ImportKey[];
    const del = this.db.prepare('DELETE FROM imports WHERE file_id = ?');
    for (const id of new Set(keys.map((k) => k.file_id))) del.run(id);
    for (const k of keys) {
      const lang = langOf(k.path);
      if (lang) this.insertResolved(k.file_id, k.path, lang, k.spec, k.line, k.names);
    }
  }

  commit(): void {
    this.flush();
    this.db.exec('COMMIT');
    this.open = false;
  }

  rollback(): void {
    if (this.open) this.db.exec('ROLLBACK');
    this.open = false;
  }

  private flush(): void {
    this.addSymbol.flush();
    this.addImport.flush();
  }

  private insertResolved(id: number, from: string, lang: Lang, spec: string, line: number, names: string | null) {
    const list = names ? names.split('\t') : undefined;
    const r = this.resolver.resolve({ spec, line, ...(list ? { names: list } : {}) }, from, lang);
    if (!r.targets.length) this.addImport.add(id, spec, line, names, null, r.external ? 1 : 0);
    for (const t of r.targets) this.addImport.add(id, spec, line, names, t, 0);
  }
}

export interface FileRow {
  path: string;
  lang: Lang;
  size: number;
  mtime_ms: number;
  hash: string;
  lines: number;
}

interface ImportKey {
  file_id: number;
  path: string;
  spec: string;
  line: number;
  names: string | null;
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
