/**
 * PostgreSQL tsquery expressions from a parsed search query (src/core/search-query.ts). User text only
 * ever reaches PostgreSQL as a bound parameter of a function that cannot fail on it: `phraseto_tsquery`
 * for words and phrases, and, for a prefix, `to_tsquery` of the last word quoted by `quote_literal`
 * with `:*` appended, joined to the words before it with `tsquery_phrase`. Never `to_tsquery` of what
 * was typed: its syntax errors would be the user's to hit. The operators (`&&`, `||`, `!!`) are written
 * here, as the FTS5 emitter (src/db/fts-query.ts) writes its own.
 */
import type { SearchTerm } from '../../core/search-query.js';

/** The text search configuration of the docs' search column (see migrations/0001_init.sql). */
export const SEARCH_CONFIG = 'codepakt_search';

/** Binds a value and returns its placeholder (`$3`). */
export type Bind = (value: string) => string;

const cfg = `'${SEARCH_CONFIG}'`;

/** Letters and digits runs: the words PostgreSQL's parser would find, for splitting off a prefix's last word. */
const WORD = /[\p{L}\p{N}]+/gu;

function termQuery(term: SearchTerm, bind: Bind): string {
  if (!term.prefix) return `phraseto_tsquery(${cfg}, ${bind(term.text)})`;
  const words = term.text.match(WORD) ?? [term.text];
  const last = words[words.length - 1] ?? term.text;
  const prefix = `to_tsquery(${cfg}, quote_literal(${bind(last)}) || ':*')`;
  if (words.length === 1) return prefix;
  return `tsquery_phrase(phraseto_tsquery(${cfg}, ${bind(words.slice(0, -1).join(' '))}), ${prefix})`;
}

/**
 * The tsquery finding documents with every term (`all`) or any term (`any`), none of the excluded
 * ones; null when no term is left to look for.
 */
export function tsQuery(terms: readonly SearchTerm[], mode: 'all' | 'any', bind: Bind): string | null {
  const wanted = terms.filter((t) => !t.exclude).map((t) => termQuery(t, bind));
  if (wanted.length === 0) return null;
  const match = `(${wanted.join(mode === 'all' ? ' && ' : ' || ')})`;
  const unwanted = terms.filter((t) => t.exclude).map((t) => termQuery(t, bind));
  if (unwanted.length === 0) return match;
  return `(${match} && !!(${unwanted.join(' || ')}))`;
}
