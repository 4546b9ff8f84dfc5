import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_TERM_CHARS,
  MAX_TERMS,
  parseSearchQuery,
  SearchQueryError,
  type SearchTerm,
} from '../../src/core/search-query.js';

const word = (text: string, flags: Partial<SearchTerm> = {}): SearchTerm => ({
  kind: 'word',
  text,
  prefix: false,
  exclude: false,
  ...flags,
});
const phrase = (text: string, flags: Partial<SearchTerm> = {}): SearchTerm => word(text, { kind: 'phrase', ...flags });
const terms = (q: string) => parseSearchQuery(q).terms;
const messages = (q: string) => parseSearchQuery(q).problems.map((p) => p.message);

/** The problem strict mode throws for `q`. */
function strictError(q: string): SearchQueryError {
  try {
    parseSearchQuery(q, { strict: true });
  } catch (err) {
    if (err instanceof SearchQueryError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(q)} parsed without an error in strict mode`);
}

describe('search query syntax', () => {
  it('words are terms that must all match', () => {
    expect(parseSearchQuery('token  lifetime\tgateway')).toEqual({
      terms: [word('token'), word('lifetime'), word('gateway')],
      problems: [],
    });
  });

  it('"quoted words" are one phrase, an empty pair of quotes is nothing', () => {
    expect(terms('"token lifetime" gateway')).toEqual([phrase('token lifetime'), word('gateway')]);
    expect(terms('"  spaced\n out  "')).toEqual([phrase('spaced out')]);
  });

  it('a trailing * makes a prefix, of a word or of a phrase', () => {
    expect(terms('auth* "token life"*')).toEqual([
      word('auth', { prefix: true }),
      phrase('token life', { prefix: true }),
    ]);
    expect(terms('auth**')).toEqual([word('auth', { prefix: true })]);
  });

  it('a leading - excludes a word, a prefix or a phrase', () => {
    expect(terms('auth -legacy -old* -"token lifetime"')).toEqual([
      word('auth'),
      word('legacy', { exclude: true }),
      word('old', { exclude: true, prefix: true }),
      phrase('token lifetime', { exclude: true }),
    ]);
  });

  it('a - inside a word is part of it', () => {
    expect(terms('short-lived x-')).toEqual([word('short-lived'), word('x-')]);
  });

  it('operators and punctuation of other search engines are plain text', () => {
    expect(parseSearchQuery('a AND b OR NOT c NEAR(d) title:e ^f')).toEqual({
      terms: ['a', 'AND', 'b', 'OR', 'NOT', 'c', 'NEAR(d)', 'title:e', '^f'].map((t) => word(t)),
      problems: [],
    });
  });

  it('normalizes to NFC and keeps every script', () => {
    expect(terms('cafe\u0301 日本語のテキスト')).toEqual([word('café'), word('日本語のテキスト')]);
  });

  it('control characters separate words', () => {
    expect(terms('a\u0000b "c\u0007d"')).toEqual([word('a b'), phrase('c d')]);
  });
});

describe('malformed queries', () => {
  const cases: [string, RegExp, SearchTerm[]][] = [
    ['"foo', /Unclosed quote in "\\"foo" at position 0/, [word('foo')]],
    ['"a" "b" "c', /Unclosed quote .* at position 8/, [phrase('a'), phrase('b'), word('c')]],
    ['*', /"\*" at position 0 has no letter or digit/, []],
    ['auth -', /A "-" excludes the word right after it \(position 5\)/, [word('auth')]],
    ['a*b', /A "\*" marks a prefix only at the end of a word \("a\*b" at position 0\)/, [word('a*b')]],
    [
      '"auth*"',
      /inside quotes is not a prefix marker \(position 0\): put it after the closing quote/,
      [phrase('auth*')],
    ],
    ['x ""', /"\\"\\"" at position 2 has no letter or digit/, [word('x')]],
    ['-legacy', /every term is excluded with "-"; add a term to look for/, [word('legacy', { exclude: true })]],
    ['', /Nothing to search for: the query has no letter or digit/, []],
    [' \t\n', /Nothing to search for/, []],
  ];

  it.each(cases)('%j: read as best it can be, the repair named', (q, message, expected) => {
    expect(terms(q)).toEqual(expected);
    expect(messages(q).join('\n')).toMatch(message);
  });

  it.each(cases)('%j: strict mode throws the first problem, with its position', (q, message) => {
    const err = strictError(q);
    expect(err.name).toBe('SearchQueryError');
    expect(err.message).toBe(err.problem.message);
    expect(parseSearchQuery(q).problems[0]).toEqual(err.problem);
    expect(messages(q).join('\n')).toMatch(message);
  });

  it(`reads at most ${MAX_TERMS} terms, and says where it stopped`, () => {
    const q = Array.from({ length: MAX_TERMS + 5 }, (_, i) => `w${i}`).join(' ');
    const parsed = parseSearchQuery(q);
    expect(parsed.terms).toHaveLength(MAX_TERMS);
    expect(parsed.terms.at(-1)).toEqual(word(`w${MAX_TERMS - 1}`));
    expect(parsed.problems).toEqual([
      {
        at: q.indexOf(`w${MAX_TERMS} `),
        message: expect.stringMatching(`More than ${MAX_TERMS} terms: the query is read up to position`),
      },
    ]);
  });

  it(`cuts a term to ${MAX_TERM_CHARS} characters`, () => {
    const parsed = parseSearchQuery(`x ${'a'.repeat(500)}*`);
    expect(parsed.terms[1]).toEqual(word('a'.repeat(MAX_TERM_CHARS), { prefix: true }));
    expect(parsed.problems.map((p) => p.message)).toEqual([
      `The term at position 2 is longer than ${MAX_TERM_CHARS} characters: only its start is searched`,
    ]);
  });

  it('a well-formed query has no problems, and strict mode returns it', () => {
    const q = 'auth* -legacy "token lifetime"* gateway';
    expect(parseSearchQuery(q, { strict: true })).toEqual(parseSearchQuery(q));
    expect(parseSearchQuery(q).problems).toEqual([]);
  });

  it('never throws without strict, and every term it returns is searchable (property test)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'grapheme' }), (q) => {
        const parsed = parseSearchQuery(q);
        return (
          parsed.terms.length <= MAX_TERMS &&
          parsed.terms.every(
            (t) =>
              /[\p{L}\p{N}]/u.test(t.text) &&
              !t.text.includes('"') &&
              !/\p{Cc}/u.test(t.text) &&
              t.text.length <= MAX_TERM_CHARS,
          ) &&
          parsed.problems.every((p) => p.at >= 0 && p.at <= q.length && p.message.length > 0)
        );
      }),
      { numRuns: 500 },
    );
  });
});
