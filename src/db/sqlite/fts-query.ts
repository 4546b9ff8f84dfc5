/**
 * SQLite FTS5 MATCH expressions from a parsed search query (src/core/search-query.ts). Every term
 * becomes a quoted string, inside which FTS5 gives meaning to nothing but `"` (doubled here), so the
 * only syntax in the expression is what this file writes: a trailing `*` for a prefix, OR between
 * terms when any may match, and NOT before the excluded ones.
 */
import type { SearchTerm } from '../../core/search-query.js';

function quoted(term: SearchTerm): string {
  return `"${term.text.replaceAll('"', '""')}"${term.prefix ? '*' : ''}`;
}

/**
 * The MATCH expression finding documents with every term (`all`) or any term (`any`), none of the
 * excluded ones; null when no term is left to look for (FTS5 cannot match "everything but").
 */
export function ftsMatch(terms: readonly SearchTerm[], mode: 'all' | 'any'): string | null {
  const wanted = terms.filter((t) => !t.exclude).map(quoted);
  if (wanted.length === 0) return null;
  const match = wanted.join(mode === 'all' ? ' ' : ' OR ');
  const unwanted = terms.filter((t) => t.exclude).map(quoted);
  if (unwanted.length === 0) return match;
  return `(${match}) NOT (${unwanted.join(' OR ')})`;
}
