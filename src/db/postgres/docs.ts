import type { DocFilter, DocHit, DocPatch, DocSearch, DocStore, DocSummary, NewDoc } from '../../core/doc-store.js';
import { docCreatedPayload, docUpdatedPayload, effectiveDocChanges, normalizeTags } from '../../core/doc-rules.js';
import { ApiError } from '../../core/errors.js';
import { formatDocNumber, parseDocNumber } from '../../core/rules/numbering.js';
import { parseSearchQuery } from '../../core/search-query.js';
import type { Doc, DocType } from '../../core/types.js';
import { type Bind, SEARCH_CONFIG, tsQuery } from './fts-query.js';
import type { Query } from './task-sql.js';
import type { PgProjectAccess } from './tasks.js';
import { MATCH_CLOSE, MATCH_OPEN, markedSnippet, snippetRuns } from '../../core/snippet.js';

interface SummaryRow {
  number: number;
  type: DocType;
  title: string;
  section: string | null;
  tags: string[];
  author: string | null;
  created_at: Date;
  updated_at: Date;
}

interface DocRow extends SummaryRow {
  body: string;
}

const SUMMARY_FIELDS = ['number', 'type', 'title', 'section', 'tags', 'author', 'created_at', 'updated_at'];
const SUMMARY = SUMMARY_FIELDS.join(', ');
const HIT_COLUMNS = SUMMARY_FIELDS.map((c) => `h.${c}`).join(', ');

function rowToSummary(row: SummaryRow): DocSummary {
  return {
    id: formatDocNumber(row.number),
    type: row.type,
    title: row.title,
    section: row.section,
    tags: row.tags,
    author: row.author,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function rowToDoc(row: DocRow): Doc {
  const { id, type, title, section, tags, author, created_at, updated_at } = rowToSummary(row);
  return { id, type, title, body: row.body, section, tags, author, created_at, updated_at };
}

/** Knowledge base over PostgreSQL; search over a generated tsvector (title, tags, body) with a GIN index. */
export class PgDocStore implements DocStore {
  constructor(private readonly p: PgProjectAccess) {}

  create(input: NewDoc, actor: string): Promise<Doc> {
    return this.p.write(async (w) => {
      const number = w.takeDocNumber();
      const rows = await w.query<DocRow>(
        `INSERT INTO docs (project_id, number, type, title, body, section, tags, author, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
        [
          w.projectId,
          number,
          input.type,
          input.title,
          input.body,
          input.section ?? null,
          normalizeTags(input.tags),
          input.author ?? null,
          w.now,
        ],
      );
      const doc = rowToDoc(rows[0]!);
      w.record({ type: 'doc.created', entity_id: doc.id, actor, payload: docCreatedPayload(doc) });
      return doc;
    });
  }

  async list(filter: DocFilter): Promise<DocSummary[]> {
    const where = ['project_id = $1'];
    const params: unknown[] = [this.p.projectId];
    const bind = binder(params);
    if (filter.type) where.push(`type = ${bind(filter.type)}`);
    if (filter.tag) where.push(`tags @> ARRAY[${bind(filter.tag)}::text]`);
    if (filter.ids) {
      const numbers = filter.ids.map(parseDocNumber).filter((n): n is number => n !== null);
      if (numbers.length === 0) return [];
      params.push(numbers);
      where.push(`number = ANY($${params.length}::int[])`);
    }
    params.push(filter.limit);
    const rows = await this.p.query<SummaryRow>(
      `SELECT ${SUMMARY} FROM docs WHERE ${where.join(' AND ')} ORDER BY number LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToSummary);
  }

  async get(ref: string): Promise<Doc> {
    return rowToDoc(await findDoc(this.p.query, this.p.projectId, ref));
  }

  update(ref: string, patch: DocPatch, actor: string): Promise<Doc> {
    return this.p.write(async (w) => {
      const q: Query = (text, params) => w.query(text, params) as never;
      const before = rowToDoc(await findDoc(q, w.projectId, ref));
      const changes = effectiveDocChanges(before, patch);
      if (Object.keys(changes).length === 0) return before;
      const params: unknown[] = [w.projectId, parseDocNumber(before.id), w.now];
      const bind = binder(params);
      // Column names come from the typed fields of the changes, never from input.
      const sets = Object.entries(changes).map(([column, value]) => `${column} = ${bind(value)}`);
      const rows = await w.query<DocRow>(
        `UPDATE docs SET ${sets.join(', ')}, updated_at = $3 WHERE project_id = $1 AND number = $2 RETURNING *`,
        params,
      );
      w.record({ type: 'doc.updated', entity_id: before.id, actor, payload: docUpdatedPayload(before, changes) });
      return rowToDoc(rows[0]!);
    });
  }

  /**
   * Ranked full-text search. All words must match; when that finds nothing, any word may (ranked so
   * that docs matching more words come first). Any query is answered: what is not well formed is read
   * as best it can be (see parseSearchQuery).
   */
  async search(s: DocSearch): Promise<DocHit[]> {
    const { terms } = parseSearchQuery(s.q);
    const hits = await this.runSearch(terms, 'all', s);
    if (hits === null || hits.length > 0 || terms.filter((t) => !t.exclude).length < 2) return hits ?? [];
    return (await this.runSearch(terms, 'any', s)) ?? [];
  }

  private async runSearch(
    terms: ReturnType<typeof parseSearchQuery>['terms'],
    mode: 'all' | 'any',
    s: DocSearch,
  ): Promise<DocHit[] | null> {
    const params: unknown[] = [this.p.projectId];
    const bind = binder(params);
    const query = tsQuery(terms, mode, bind);
    if (!query) return null;
    const where = ['d.project_id = $1', 'd.search @@ x.q'];
    if (s.type) where.push(`d.type = ${bind(s.type)}`);
    if (s.tag) where.push(`d.tags @> ARRAY[${bind(s.tag)}::text]`);
    const limit = bind(String(s.limit));
    const options = bind(HEADLINE);
    const cfg = `'${SEARCH_CONFIG}'`;
    // Headlines are made only for the rows left after the limit: they re-parse each document.
    const rows = await this.p.query<SummaryRow & { body_snippet: string; best_snippet: string; rank: number }>(
      `SELECT ${HIT_COLUMNS}, h.rank, ts_headline(${cfg}, h.body, h.q, ${options}) AS body_snippet,
              ts_headline(${cfg}, h.title || ' ' || search_words(h.tags), h.q, ${options}) AS best_snippet
       FROM (
         SELECT ${SUMMARY}, d.body, x.q, ts_rank('{0.1, 0.1, 0.4, 1.0}', d.search, x.q) AS rank
         FROM docs d, (SELECT ${query} AS q) x
         WHERE ${where.join(' AND ')}
         ORDER BY rank DESC, d.number
         LIMIT ${limit}::int
       ) h
       ORDER BY h.rank DESC, h.number`,
      params,
    );
    return rows.map((row) => ({
      ...rowToSummary(row),
      // Prefer a passage of the body; when only the title or tags matched, show where they did.
      ...passage(row.body_snippet.includes(OPEN) ? row.body_snippet : row.best_snippet),
      score: Number(row.rank.toPrecision(6)),
    }));
  }
}

// Private-use characters mark matches (no doc contains them, unlike `**` in markdown); they become `**`.
const OPEN = MATCH_OPEN;
const CLOSE = MATCH_CLOSE;
const HEADLINE = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`;
const passage = (raw: string) => ({ snippet: markedSnippet(raw), snippet_runs: snippetRuns(raw) });

function binder(params: unknown[]): Bind & ((value: unknown) => string) {
  return (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
}

async function findDoc(q: Query, projectId: string, ref: string): Promise<DocRow> {
  const number = parseDocNumber(ref);
  const row =
    number === null
      ? undefined
      : (await q<DocRow>('SELECT * FROM docs WHERE project_id = $1 AND number = $2', [projectId, number]))[0];
  if (!row) throw new ApiError('doc_not_found', `No doc ${ref} in this project (doc ids look like D-001)`);
  return row;
}
