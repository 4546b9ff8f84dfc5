import type { Db } from './database.js';
import type { DocFilter, DocHit, DocSearch, DocSummary, NewDoc } from '../../core/doc-store.js';
import { formatDocNumber } from '../../core/rules/numbering.js';
import { parseSearchQuery } from '../../core/search-query.js';
import { MATCH_CLOSE, MATCH_OPEN, markedSnippet, snippetRuns, tagsSnippet } from '../../core/snippet.js';
import type { Doc, DocType } from '../../core/types.js';
import { ftsMatch } from './fts-query.js';

/** A row of `docs` exactly as SQLite returns it. */
export interface DocRow {
  id: string;
  number: number;
  type: DocType;
  title: string;
  body: string;
  section: string | null;
  tags: string;
  author: string | null;
  created_at: string;
  updated_at: string;
}

type SummaryRow = Omit<DocRow, 'body'>;

const SUMMARY_COLUMNS = 'id, number, type, title, section, tags, author, created_at, updated_at';

export function rowToSummary(row: SummaryRow): DocSummary {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    author: row.author,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function rowToDoc(row: DocRow): Doc {
  const { id, type, title, section, tags, author, created_at, updated_at } = rowToSummary(row);
  return { id, type, title, body: row.body, section, tags, author, created_at, updated_at };
}

export function getDocRow(db: Db, number: number): DocRow | undefined {
  return db.prepare<[number], DocRow>('SELECT * FROM docs WHERE number = ?').get(number);
}

export function insertDoc(db: Db, number: number, input: NewDoc, now: string): DocRow {
  const row: DocRow = {
    id: formatDocNumber(number),
    number,
    type: input.type,
    title: input.title,
    body: input.body,
    section: input.section ?? null,
    tags: JSON.stringify(input.tags ?? []),
    author: input.author ?? null,
    created_at: now,
    updated_at: now,
  };
  insertDocRow(db, row);
  return row;
}

export function insertDocRow(db: Db, row: DocRow): void {
  db.prepare(
    `INSERT INTO docs (id, number, type, title, body, section, tags, author, created_at, updated_at)
     VALUES (@id, @number, @type, @title, @body, @section, @tags, @author, @created_at, @updated_at)`,
  ).run(row);
}

export type DocRowPatch = Partial<Pick<DocRow, 'type' | 'title' | 'body' | 'section' | 'tags' | 'updated_at'>>;

export function updateDocRow(db: Db, number: number, patch: DocRowPatch): void {
  const columns = Object.keys(patch) as (keyof DocRowPatch)[];
  if (columns.length === 0) return;
  // Column names come from the typed patch keys above, never from input.
  const sets = columns.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE docs SET ${sets} WHERE number = @number`).run({ ...patch, number });
}

const TAG_CONDITION = 'EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value = ?)';

export function listDocRows(db: Db, f: DocFilter, numbers?: number[]): DocSummary[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.type) {
    where.push('d.type = ?');
    params.push(f.type);
  }
  if (f.tag) {
    where.push(TAG_CONDITION);
    params.push(f.tag);
  }
  if (numbers) {
    if (numbers.length === 0) return [];
    where.push(`d.number IN (${numbers.map(() => '?').join(', ')})`);
    params.push(...numbers);
  }
  params.push(f.limit);
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM docs d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.number LIMIT ?`;
  return db
    .prepare<(string | number)[], SummaryRow>(sql)
    .all(...params)
    .map(rowToSummary);
}

interface HitRow extends SummaryRow {
  body_snippet: string;
  title_snippet: string;
  tags_snippet: string;
  rank: number;
}

// SQLite marks matches with private-use characters (no doc contains them, unlike `**` in markdown),
// which tell a passage with matches from one without; they become `**` on the way out.
const OPEN = MATCH_OPEN;
const CLOSE = MATCH_CLOSE;
const ELLIPSIS = '…';
const SNIPPET_TOKENS = 24;

/**
 * Ranked full-text search. All words must match; when that finds nothing, any word may (ranked so
 * that docs matching more words come first). Title matches weigh most, then tags, then body. Any
 * query is answered: what is not well formed is read as best it can be (see parseSearchQuery).
 */
export function searchDocRows(db: Db, s: DocSearch): DocHit[] {
  const { terms } = parseSearchQuery(s.q);
  const all = ftsMatch(terms, 'all');
  if (!all) return [];
  const hits = runSearch(db, all, s);
  if (hits.length > 0 || terms.filter((t) => !t.exclude).length < 2) return hits;
  return runSearch(db, ftsMatch(terms, 'any') ?? all, s);
}

function runSearch(db: Db, match: string, s: DocSearch): DocHit[] {
  const where = ['docs_fts MATCH ?'];
  const params: (string | number)[] = [match];
  if (s.type) {
    where.push('d.type = ?');
    params.push(s.type);
  }
  if (s.tag) {
    where.push(TAG_CONDITION);
    params.push(s.tag);
  }
  params.push(s.limit);
  const snippet = (column: number) =>
    `snippet(docs_fts, ${column}, '${OPEN}', '${CLOSE}', '${ELLIPSIS}', ${SNIPPET_TOKENS})`;
  const sql = `
    SELECT ${SUMMARY_COLUMNS.split(', ')
      .map((c) => `d.${c}`)
      .join(', ')},
           ${snippet(1)} AS body_snippet, ${snippet(0)} AS title_snippet, ${snippet(2)} AS tags_snippet,
           bm25(docs_fts, 10.0, 1.0, 4.0) AS rank
    FROM docs_fts JOIN docs d ON d.number = docs_fts.rowid
    WHERE ${where.join(' AND ')}
    ORDER BY rank, d.number
    LIMIT ?`;
  return db
    .prepare<(string | number)[], HitRow>(sql)
    .all(...params)
    .map((row) => ({
      ...rowToSummary(row),
      ...bestSnippet(row),
      score: Number((-row.rank).toPrecision(6)),
    }));
}

/** Prefer a passage of the body; when only the title or tags matched, show where they did (tags as `#tag`). */
function bestSnippet(row: HitRow): Pick<DocHit, 'snippet' | 'snippet_runs'> {
  const raw = row.body_snippet.includes(OPEN)
    ? row.body_snippet
    : row.title_snippet.includes(OPEN) || !row.tags_snippet.includes(OPEN)
      ? row.title_snippet
      : tagsSnippet(row.tags_snippet);
  return { snippet: markedSnippet(raw), snippet_runs: snippetRuns(raw) };
}
