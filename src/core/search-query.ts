/**
 * Turn what a person or agent typed into an FTS5 query that cannot be a syntax error.
 *
 * FTS5 gives meaning to quotes, `*`, `-`, `:`, `^`, parentheses and the words AND/OR/NOT/NEAR, and
 * rejects unbalanced ones. Instead of escaping that grammar piece by piece, every word becomes a
 * quoted string (inside quotes only `"` is special, and it never survives), so the only syntax left
 * is what we add ourselves:
 * - `"several words"` in balanced quotes stays a phrase;
 * - a trailing `*` on a word or phrase stays a prefix match (`auth*`);
 * - anything with no letter or digit is dropped; an unbalanced quote is just dropped.
 */

export const MAX_TERMS = 32;
const MAX_TERM_CHARS = 200;

export interface SearchTerm {
  /** The words of the term, without any quote characters. */
  text: string;
  prefix: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function parseSearchTerms(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // A balanced "phrase" (optionally followed by *), or a run of non-space characters.
  const pattern = /"([^"]*)"(\*?)|(\S+)/gu;
  for (const m of input.normalize('NFC').matchAll(pattern)) {
    if (terms.length >= MAX_TERMS) break;
    const phrase = m[1];
    let text: string;
    let prefix: boolean;
    if (phrase !== undefined) {
      text = phrase;
      prefix = m[2] === '*';
    } else {
      const word = m[3] ?? '';
      prefix = /[\p{L}\p{N}]\*+$/u.test(word);
      text = word;
    }
    // Control characters separate words too: FTS5 ends a quoted string at a NUL ("unterminated string").
    text = text
      .replace(/["\p{Cc}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_TERM_CHARS);
    if (!WORD_CHAR.test(text)) continue;
    terms.push({ text, prefix });
  }
  return terms;
}

function quote(term: SearchTerm): string {
  // The tokenizer splits on `*` inside the quotes, so a prefix marker is stripped before quoting.
  const text = term.prefix ? term.text.replace(/\*+$/, '') : term.text;
  return `"${text}"${term.prefix ? '*' : ''}`;
}

/** The FTS5 MATCH expression: every term (`all`) or any term (`any`); null when nothing searchable is left. */
export function ftsQuery(terms: SearchTerm[], mode: 'all' | 'any'): string | null {
  if (terms.length === 0) return null;
  return terms.map(quote).join(mode === 'all' ? ' ' : ' OR ');
}
