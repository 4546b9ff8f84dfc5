/**
 * The search syntax of the knowledge base, parsed into a small AST that any search backend can emit
 * (src/db/sqlite/fts-query.ts emits SQLite FTS5):
 * - `word`: a term; several terms must all match (implicit AND);
 * - `"several words"`: a phrase, its words together and in order;
 * - `auth*`, `"token life"*`: a prefix, on the (last) word;
 * - `-word`, `-"a phrase"`: documents holding it are left out.
 * Nothing else is syntax: AND, OR, NEAR, parentheses, `:` and `^` are text like any other.
 *
 * What people and agents type is often not well formed (an unclosed quote, a lone `*`). By default
 * the parser reads such input as best it can, and lists each repair in `problems`, so that a search
 * box never fails; `{ strict: true }` throws the first one as a SearchQueryError instead.
 */

export const MAX_TERMS = 32;
export const MAX_TERM_CHARS = 200;

export interface SearchTerm {
  kind: 'word' | 'phrase';
  /** The words of the term: no quotes, no prefix marker, no control characters, at least one letter or digit. */
  text: string;
  prefix: boolean;
  exclude: boolean;
}

export interface SearchProblem {
  /** Offset in the query (after NFC normalization) where the problem starts. */
  at: number;
  message: string;
}

export interface SearchQuery {
  /** In the order typed; every term that is not excluded must match. */
  terms: SearchTerm[];
  /** What was not well formed, and how it was read instead; empty for a well-formed query. */
  problems: SearchProblem[];
}

export class SearchQueryError extends Error {
  constructor(readonly problem: SearchProblem) {
    super(problem.message);
    this.name = 'SearchQueryError';
  }
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A balanced, optionally excluded "phrase" (optionally followed by `*`), or a run of non-space characters. */
const TOKEN = /(-?)"([^"]*)"(\*?)|(\S+)/gu;

export function parseSearchQuery(input: string, options: { strict?: boolean } = {}): SearchQuery {
  const terms: SearchTerm[] = [];
  const problems: SearchProblem[] = [];
  const problem = (at: number, message: string) => {
    if (options.strict) throw new SearchQueryError({ at, message });
    problems.push({ at, message });
  };
  const text = input.normalize('NFC');
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    if (terms.length >= MAX_TERMS) {
      problem(at, `More than ${MAX_TERMS} terms: the query is read up to position ${at}, the rest is ignored`);
      break;
    }
    const term = m[4] === undefined ? phrase(m, at, problem) : word(m[4], at, problem);
    if (term) terms.push(term);
  }
  if (terms.length === 0) problem(0, 'Nothing to search for: the query has no letter or digit');
  else if (terms.every((t) => t.exclude))
    problem(0, 'Nothing to search for: every term is excluded with "-"; add a term to look for');
  return { terms, problems };
}

type Report = (at: number, message: string) => void;

function phrase(m: RegExpMatchArray, at: number, problem: Report): SearchTerm | undefined {
  const raw = m[2] ?? '';
  const prefix = m[3] === '*';
  if (!prefix && /\*\s*$/.test(raw))
    problem(at, `A "*" inside quotes is not a prefix marker (position ${at}): put it after the closing quote`);
  return term('phrase', raw, at, { prefix, exclude: m[1] === '-' }, `"${raw}"`, problem);
}

function word(raw: string, at: number, problem: Report): SearchTerm | undefined {
  const exclude = raw.startsWith('-');
  let body = exclude ? raw.slice(1) : raw;
  // A prefix marker follows a letter or digit: `auth*`, not `*` or `(*`.
  const prefix = /[\p{L}\p{N}]\*+$/u.test(body);
  if (prefix) body = body.replace(/\*+$/, '');
  if (body.includes('"'))
    problem(at, `Unclosed quote in ${JSON.stringify(raw)} at position ${at}: the quote is ignored`);
  if (body.includes('*'))
    problem(at, `A "*" marks a prefix only at the end of a word (${JSON.stringify(raw)} at position ${at})`);
  if (exclude && !WORD_CHAR.test(body)) {
    problem(at, `A "-" excludes the word right after it (position ${at}); a lone "-" is ignored`);
    return undefined;
  }
  return term('word', body, at, { prefix, exclude }, raw, problem);
}

function term(
  kind: SearchTerm['kind'],
  raw: string,
  at: number,
  flags: { prefix: boolean; exclude: boolean },
  typed: string,
  problem: Report,
): SearchTerm | undefined {
  // Control characters separate words too: FTS5 ends a quoted string at a NUL ("unterminated string").
  let text = raw
    .replace(/["\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_TERM_CHARS) {
    problem(at, `The term at position ${at} is longer than ${MAX_TERM_CHARS} characters: only its start is searched`);
    text = text.slice(0, MAX_TERM_CHARS);
  }
  if (flags.prefix) text = text.replace(/\*+$/, '');
  if (!WORD_CHAR.test(text)) {
    problem(at, `${JSON.stringify(typed)} at position ${at} has no letter or digit to search for: ignored`);
    return undefined;
  }
  return { kind, text, ...flags };
}
