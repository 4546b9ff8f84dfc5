import { ANY, type CharSet, type Glob, type Segment, setHas, setsMeet, type Token } from './globs.js';

/**
 * Matching a path and intersecting two globs, exactly. Both walk the product of the globs' automata:
 * over segments, where `**` loops on any segment, and inside one segment over tokens, where `*` loops
 * on any character. Two globs overlap iff some path matches both: a path of at least one segment, each
 * segment at least one character, none of them `/`.
 */

type Tokens = readonly Token[];

/** Whether `path` (already split into segments) matches the glob. */
export function globMatchesSegments(glob: Glob, parts: readonly string[]): boolean {
  if (parts.length === 0) return false;
  const segs = glob.segments;
  let states = segClosure(segs, new Set([0]));
  for (const part of parts) {
    const next = new Set<number>();
    for (const i of states) {
      const seg = segs[i];
      if (!seg) continue;
      if (seg.kind === 'globstar') next.add(i);
      else if (tokensMatch(seg.tokens, part)) next.add(i + 1);
    }
    if (next.size === 0) return false;
    states = segClosure(segs, next);
  }
  return states.has(segs.length);
}

export function globMatches(glob: Glob, path: string): boolean {
  return globMatchesSegments(glob, path.split('/'));
}

function segClosure(segs: readonly Segment[], states: Set<number>): Set<number> {
  for (const i of states) if (segs[i]?.kind === 'globstar') states.add(i + 1);
  return states;
}

/** Whether one segment's text matches a token run. */
export function tokensMatch(tokens: Tokens, text: string): boolean {
  if (text.length === 0) return false;
  let states = tokClosure(tokens, new Set([0]));
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const next = new Set<number>();
    for (const i of states) {
      const t = tokens[i];
      if (!t) continue;
      if (t.kind === 'star') {
        if (code !== 0x2f) next.add(i);
      } else if (setHas(t.set, code)) next.add(i + 1);
    }
    if (next.size === 0) return false;
    states = tokClosure(tokens, next);
  }
  return states.has(tokens.length);
}

function tokClosure(tokens: Tokens, states: Set<number>): Set<number> {
  for (const i of states) if (tokens[i]?.kind === 'star') states.add(i + 1);
  return states;
}

/** Whether some path matches both globs. */
export function globsOverlap(a: Glob, b: Glob): boolean {
  if (!leadsCompatible(a.lead, b.lead)) return false;
  return product(a.segments, b.segments, (x, y) => x.kind === 'globstar', segmentStep);
}

/** Whether some non-empty segment text matches both token runs. */
export function segmentsOverlap(a: Tokens, b: Tokens): boolean {
  return product(a, b, (x) => x.kind === 'star', tokenStep);
}

function segmentStep(x: Segment, y: Segment): boolean {
  if (x.kind === 'tokens' && y.kind === 'tokens') return segmentsOverlap(x.tokens, y.tokens);
  return true; // `**` takes any one segment, and a token run always matches some segment
}

function tokenStep(x: Token, y: Token): boolean {
  return setsMeet(charsOf(x), charsOf(y));
}

function charsOf(t: Token): CharSet {
  return t.kind === 'star' ? ANY : t.set;
}

/**
 * Reachability in the product of two automata whose states are positions in `a` and `b`: an element
 * that `loops` may be skipped (matches nothing) or consume a unit and stay; any other consumes one unit
 * and moves on. `step` says whether both elements can consume the same unit. Accepts at both ends
 * once at least one unit was consumed.
 */
function product<T>(
  a: readonly T[],
  b: readonly T[],
  loops: (x: T, y?: T) => boolean,
  step: (x: T, y: T) => boolean,
): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width * 2);
  const stack: number[] = [];
  const push = (i: number, j: number, consumed: number) => {
    const k = (i * width + j) * 2 + consumed;
    if (seen[k]) return;
    seen[k] = 1;
    stack.push(i, j, consumed);
  };
  push(0, 0, 0);
  while (stack.length > 0) {
    const consumed = stack.pop() ?? 0;
    const j = stack.pop() ?? 0;
    const i = stack.pop() ?? 0;
    if (i === a.length && j === b.length && consumed === 1) return true;
    const x = a[i];
    const y = b[j];
    const xLoops = x !== undefined && loops(x);
    const yLoops = y !== undefined && loops(y);
    if (xLoops) push(i + 1, j, consumed);
    if (yLoops) push(i, j + 1, consumed);
    if (x !== undefined && y !== undefined && step(x, y)) push(xLoops ? i : i + 1, yLoops ? j : j + 1, 1);
  }
  return false;
}

/** Whether one lead is the other's, or a parent folder of it: a common path must start with both. */
export function leadsCompatible(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short === '' || long === short || long.startsWith(`${short}/`);
}

/** The folders (and the path itself) a lead lies under: `a/b` → ``, `a`, `a/b`. */
export function leadAncestors(lead: string): string[] {
  const out = [''];
  if (lead === '') return out;
  const parts = lead.split('/');
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}
