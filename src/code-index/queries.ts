/** The SQL behind symbols, imports, dependents and summary; every row shaped as agents read it. */
import type { DependentRow, ImportRow, Summary, SymbolKind, SymbolQuery, SymbolRow } from './api.js';
import { CodeIndexError } from './api.js';
import type { Db } from './db.js';

const DEFAULT_LIMIT = 50;

function globToLike(text: string): { sql: string; value: string } {
  if (/[*?]/.test(text)) return { sql: 'GLOB', value: text };
  return { sql: 'LIKE', value: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}

export function symbolsOf(db: Db, q: SymbolQuery): SymbolRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.name) {
    const m = globToLike(q.name);
    where.push(m.sql === 'GLOB' ? 's.name GLOB ?' : "s.name LIKE ? ESCAPE '\\'");
    params.push(m.value);
  }
  if (q.kind) {
    where.push('s.kind = ?');
    params.push(q.kind);
  }
  if (q.file) {
    const file = q.file.replace(/\/+$/, '');
    if (/[*?[]/.test(file)) {
      where.push('f.path GLOB ?');
      params.push(file);
    } else {
      where.push('(f.path = ? OR f.path GLOB ?)');
      params.push(file, `${file.replace(/[*?[\]]/g, '[$&]')}/*`);
    }
  }
  if (q.exported !== undefined) {
    where.push('s.exported = ?');
    params.push(q.exported ? 1 : 0);
  }
  const limit = q.limit ?? DEFAULT_LIMIT;
  // Exact name first, then exact but for case, then prefix, then the rest; within each, by place.
  const order = q.name
    ? "CASE WHEN s.name = ? THEN 0 WHEN s.name = ? COLLATE NOCASE THEN 1 WHEN s.name LIKE ? ESCAPE '\\' THEN 2 ELSE 3 END,"
    : '';
  const orderParams = q.name ? [q.name, q.name, `${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : [];
  const rows = db
    .prepare(
      `SELECT s.name, s.kind, f.path, s.line, s.exported, s.parent FROM symbols s JOIN files f ON f.id = s.file_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order} f.path, s.line LIMIT ?`,
    )
    .all(...params, ...orderParams, limit) as {
    name: string;
    kind: SymbolKind;
    path: string;
    line: number;
    exported: number;
    parent: string | null;
  }[];
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    at: `${r.path}:${r.line}`,
    exported: r.exported === 1,
    ...(r.parent ? { parent: r.parent } : {}),
  }));
}

function fileId(db: Db, path: string): number | undefined {
  const row = db.prepare('SELECT id FROM files WHERE path = ?').get(path) as { id: number } | undefined;
  return row?.id;
}

function notIndexed(path: string): CodeIndexError {
  return new CodeIndexError(
    'not_indexed',
    `${path} is not in the code index (no such source file, or ignored); if it is new, run \`cpk scan --changed\``,
  );
}

export function importsOf(db: Db, path: string): ImportRow[] {
  const id = fileId(db, path);
  if (id === undefined) throw notIndexed(path);
  const rows = db
    .prepare('SELECT spec, line, target, external FROM imports WHERE file_id = ? ORDER BY line, spec')
    .all(id) as { spec: string; line: number; target: string | null; external: number }[];
  return rows.map((r) => ({
    spec: r.spec,
    line: r.line,
    ...(r.target ? { file: r.target } : {}),
    resolved: r.target !== null || r.external === 1,
    ...(r.external === 1 ? { external: true } : {}),
  }));
}

export function dependentsOf(db: Db, path: string, depth: number): DependentRow[] {
  if (!Number.isInteger(depth) || depth < 1)
    throw new CodeIndexError('invalid_argument', `depth must be a whole number of at least 1, got ${depth}`);
  const importers = db.prepare(
    `SELECT f.path, MIN(i.line) AS line FROM imports i JOIN files f ON f.id = i.file_id
     WHERE i.target = ? AND f.path <> ? GROUP BY f.path ORDER BY f.path`,
  );
  if (fileId(db, path) === undefined && importers.all(path, path).length === 0) throw notIndexed(path);
  // Breadth first, so each dependent is reported at its shortest distance, with that path.
  const seen = new Set([path]);
  const out: DependentRow[] = [];
  let frontier: { file: string; via: string[] }[] = [{ file: path, via: [] }];
  for (let level = 1; level <= depth && frontier.length; level++) {
    const next: { file: string; via: string[] }[] = [];
    for (const node of frontier) {
      for (const r of importers.all(node.file, node.file) as { path: string; line: number }[]) {
        if (seen.has(r.path)) continue;
        seen.add(r.path);
        const via = level === 1 ? [] : [node.file, ...node.via];
        out.push({ at: `${r.path}:${r.line}`, depth: level, ...(via.length ? { via } : {}) });
        next.push({ file: r.path, via });
      }
    }
    frontier = next;
  }
  return out;
}

function counts(db: Db, sql: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of db.prepare(sql).all() as { k: string; n: number }[]) out[r.k] = r.n;
  return out;
}

export function summaryOf(db: Db, root: string): Summary {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const total = one('SELECT COUNT(*) AS n FROM imports');
  const external = one('SELECT COUNT(*) AS n FROM imports WHERE external = 1');
  const resolved = one('SELECT COUNT(*) AS n FROM imports WHERE target IS NOT NULL');
  const most = db
    .prepare(
      `SELECT target AS file, COUNT(DISTINCT file_id) AS dependents FROM imports WHERE target IS NOT NULL
       GROUP BY target ORDER BY dependents DESC, target LIMIT 5`,
    )
    .all() as { file: string; dependents: number }[];
  return {
    root,
    files: one('SELECT COUNT(*) AS n FROM files'),
    symbols: one('SELECT COUNT(*) AS n FROM symbols'),
    languages: counts(db, 'SELECT lang AS k, COUNT(*) AS n FROM files GROUP BY lang ORDER BY n DESC, lang'),
    kinds: counts(db, 'SELECT kind AS k, COUNT(*) AS n FROM symbols GROUP BY kind ORDER BY n DESC, kind'),
    imports: { total, resolved, external, unresolved: total - resolved - external },
    most_imported: most,
  };
}
