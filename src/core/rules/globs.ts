/**
 * The path globs a task or a reservation names (docs/files.md). A glob is a relative path of segments
 * split on `/`; a segment is `**` (zero or more whole segments) or a run of tokens: a literal character,
 * `?` (one character), `*` (any run of characters, also none) or a class `[abc]`, `[a-z]`, `[!a-z]`
 * (one character in, or with `!` not in, the set). No token ever matches `/`. A last `**` matches one
 * or more segments (everything below a folder); a trailing `/` stands for `/**`. Paths are relative, `/`-separated, with no empty, `.` or `..` segment.
 */

/** A set of characters as sorted, disjoint, inclusive code point ranges; `/` is never in one. */
export type CharSet = readonly (readonly [number, number])[];

export type Token = { kind: 'char'; set: CharSet } | { kind: 'star' };

export type Segment = { kind: 'globstar' } | { kind: 'tokens'; tokens: readonly Token[] };

export interface Glob {
  /** The text as given (after a trailing `/` became `/**`). */
  readonly source: string;
  readonly segments: readonly Segment[];
  /** The leading segments with no wildcard, joined by `/`: every path the glob matches starts with them. */
  readonly lead: string;
}

const SLASH = 0x2f;
const MAX_CODE = 0x10ffff;
export const MAX_GLOB_LENGTH = 1024;

/** Everything but `/`. */
export const ANY: CharSet = [
  [0, SLASH - 1],
  [SLASH + 1, MAX_CODE],
];

export class GlobError extends Error {}

/** Parse `text` as a glob, or throw a GlobError saying what is wrong with it. */
export function parseGlob(text: string): Glob {
  if (text.length === 0) throw new GlobError('is empty');
  if (text.length > MAX_GLOB_LENGTH) throw new GlobError(`is longer than ${MAX_GLOB_LENGTH} characters`);
  if (text.startsWith('/')) throw new GlobError('must be relative to the repository root (no leading /)');
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new GlobError('must not contain control characters');
  if (text.includes('\\')) throw new GlobError('must not contain \\ (use / between segments, [*] for a literal *)');
  const source = text.endsWith('/') ? `${text}**` : text;
  const segments = source.split('/').map((part, i) => parseSegment(part, i));
  const leadParts: string[] = [];
  for (const seg of segments) {
    if (seg.kind !== 'tokens' || !isLiteral(seg)) break;
    leadParts.push(literalText(seg));
  }
  return { source, segments: lastGlobstarTakesOne(collapseGlobstars(segments)), lead: leadParts.join('/') };
}

const leads = new Map<string, string>();

/**
 * The lead of a glob already stored (valid), as `parseGlob(text).lead`, without building its automaton:
 * the lookups of a pickup need only the lead of each glob they meet. A glob with a class (`[a]` may be a
 * literal) is parsed, once.
 */
export function globLead(text: string): string {
  const wild = text.search(/[*?[]/);
  if (wild === -1) return text.endsWith('/') ? text.slice(0, -1) : text;
  if (text[wild] !== '[') return text.slice(0, Math.max(0, text.lastIndexOf('/', wild)));
  let lead = leads.get(text);
  if (lead === undefined) {
    if (leads.size >= 10_000) leads.clear();
    lead = parseGlob(text).lead;
    leads.set(text, lead);
  }
  return lead;
}

/** The reason `text` is not a glob, or undefined when it is one. */
export function globProblem(text: string): string | undefined {
  try {
    parseGlob(text);
    return undefined;
  } catch (err) {
    if (err instanceof GlobError) return err.message;
    throw err;
  }
}

function parseSegment(part: string, index: number): Segment {
  if (part === '') throw new GlobError(`has an empty segment (segment ${index + 1}: no // allowed)`);
  if (part === '.' || part === '..') throw new GlobError(`has a ${part} segment; name paths from the root`);
  if (part === '**') return { kind: 'globstar' };
  const tokens: Token[] = [];
  const chars = Array.from(part);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (c === '*') {
      if (chars[i + 1] === '*') throw new GlobError(`uses ** inside segment "${part}"; ** must be a whole segment`);
      tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'char', set: ANY });
    else if (c === '[') {
      const { set, end } = parseClass(chars, i, part);
      tokens.push({ kind: 'char', set });
      i = end;
    } else if (c === '{' || c === '}')
      throw new GlobError(`uses a brace in segment "${part}"; braces are not supported: list each glob (or [{])`);
    else {
      const code = c.codePointAt(0) ?? 0;
      tokens.push({ kind: 'char', set: [[code, code]] });
    }
  }
  return { kind: 'tokens', tokens };
}

/** A class from the `[` at `start`; `]` right after `[` or `[!` is a member. */
function parseClass(chars: string[], start: number, part: string): { set: CharSet; end: number } {
  let i = start + 1;
  const negated = chars[i] === '!';
  if (negated) i++;
  const ranges: [number, number][] = [];
  let first = true;
  for (; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (c === ']' && !first) break;
    first = false;
    const lo = c.codePointAt(0) ?? 0;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      const hi = (chars[i + 2] ?? '').codePointAt(0) ?? 0;
      if (hi < lo) throw new GlobError(`has a reversed range ${c}-${chars[i + 2]} in segment "${part}"`);
      ranges.push([lo, hi]);
      i += 2;
    } else ranges.push([lo, lo]);
  }
  if (i >= chars.length) throw new GlobError(`has an unclosed [ in segment "${part}"`);
  const set = negated ? intersect(complement(normalize(ranges)), ANY) : intersect(normalize(ranges), ANY);
  if (set.length === 0) throw new GlobError(`has a class that matches no character in segment "${part}"`);
  return { set, end: i };
}

function isLiteral(seg: { tokens: readonly Token[] }): boolean {
  return seg.tokens.every((t) => t.kind === 'char' && t.set.length === 1 && t.set[0]?.[0] === t.set[0]?.[1]);
}

function literalText(seg: { tokens: readonly Token[] }): string {
  return seg.tokens.map((t) => (t.kind === 'char' ? String.fromCodePoint(t.set[0]?.[0] ?? 0) : '')).join('');
}

/**
 * A last `**` means "everything below", as in .gitignore: one or more segments (`src/**` is not the file
 * `src`), written as `*` then `**`. Elsewhere `**` may match no segment (a, `**`, b matches `a/b`).
 */
function lastGlobstarTakesOne(segments: Segment[]): Segment[] {
  if (segments[segments.length - 1]?.kind !== 'globstar') return segments;
  return [...segments.slice(0, -1), { kind: 'tokens', tokens: [{ kind: 'star' }] }, { kind: 'globstar' }];
}

/** `**` twice in a row matches what one does. */
function collapseGlobstars(segments: Segment[]): Segment[] {
  return segments.filter((s, i) => !(s.kind === 'globstar' && segments[i - 1]?.kind === 'globstar'));
}

function normalize(ranges: [number, number][]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE) out.push([next, MAX_CODE]);
  return out;
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? [0, -1];
    const y = b[j] ?? [0, -1];
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

export function setHas(set: CharSet, code: number): boolean {
  for (const [lo, hi] of set) if (code >= lo && code <= hi) return true;
  return false;
}

/** Whether two sets share a character. */
export function setsMeet(a: CharSet, b: CharSet): boolean {
  return intersect(a, b).length > 0;
}
