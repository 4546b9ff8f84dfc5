import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globLead, globProblem, parseGlob } from '../../../src/core/rules/globs.js';
import { globMatches, globsOverlap, leadAncestors } from '../../../src/core/rules/globs-overlap.js';

/** An oracle written apart from the automata: the glob as a regular expression over `/path/`. */
function toRegExp(glob: string): RegExp {
  const segs = (glob.endsWith('/') ? `${glob}**` : glob).split('/');
  let src = '^/';
  for (const [i, seg] of segs.entries()) {
    if (seg === '**') {
      src += i === segs.length - 1 ? '(?:[^/]+/)+' : '(?:[^/]+/)*';
      continue;
    }
    let s = '';
    for (let i = 0; i < seg.length; i++) {
      const c = seg[i] ?? '';
      if (c === '*') s += '[^/]*';
      else if (c === '?') s += '[^/]';
      else if (c === '[') {
        const end = seg.indexOf(']', i + 2);
        let body = seg.slice(i + 1, end);
        const neg = body.startsWith('!');
        if (neg) body = body.slice(1);
        s += `(?:(?!/)[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}])`;
        i = end;
      } else s += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    src += `${s}/`;
  }
  return new RegExp(`${src}$`);
}

const oracle = (re: RegExp, path: string) => re.test(`/${path}/`);

// Every path over {a, b} of depth ≤ 3 and segments of 1–3 characters: enough to find a common path of
// any two globs of ≤ 2 segments of ≤ 2 tokens (a witness needs no more), so "none found" means none.
const SEGMENT_TEXTS = ['a', 'b', 'aa', 'ab', 'ba', 'bb'].flatMap((s) => [s, `${s}a`, `${s}b`]).concat(['a', 'b']);
const SEGS = [...new Set(SEGMENT_TEXTS)];
const PATHS: string[] = [];
for (const x of SEGS) {
  PATHS.push(x);
  for (const y of SEGS) {
    PATHS.push(`${x}/${y}`);
    for (const z of SEGS) PATHS.push(`${x}/${y}/${z}`);
  }
}

const token = fc.constantFrom('a', 'b', '?', '*', '[a]', '[!a]', '[ab]', '[a-b]');
const segment = fc.oneof(
  { weight: 1, arbitrary: fc.constant('**') },
  {
    weight: 4,
    arbitrary: fc
      .array(token, { minLength: 1, maxLength: 2 })
      .map((t) => t.join(''))
      .filter((s) => !s.includes('**')),
  },
);
const smallGlob = fc.array(segment, { minLength: 1, maxLength: 2 }).map((s) => s.join('/'));

describe('glob syntax', () => {
  it('accepts the documented syntax', () => {
    for (const g of ['src/**', 'src/*.ts', 'a/?/b', 'docs/[a-c]*.md', 'x/[!.]*', '**', '**/test/*.ts', 'src/'])
      expect(globProblem(g), g).toBeUndefined();
    expect(parseGlob('src/').source).toBe('src/**');
  });

  it('refuses what it does not accept, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['/abs/path', /relative/],
      ['a//b', /empty segment/],
      ['a/../b', /\.\. segment/],
      ['./a', /\. segment/],
      ['a**', /whole segment/],
      ['a/[bc', /unclosed/],
      ['a/{b,c}', /brace/],
      ['a\\b', /\\/],
      ['a/[z-a]', /reversed/],
      ['a\u0001', /control/],
      ['x'.repeat(1025), /longer/],
    ];
    for (const [g, why] of cases) expect(globProblem(g), g).toMatch(why);
  });

  it('the lead is the literal folder every match starts with', () => {
    expect(parseGlob('src/core/*.ts').lead).toBe('src/core');
    expect(parseGlob('src/[c]ore/x').lead).toBe('src/core/x');
    expect(parseGlob('**/x').lead).toBe('');
    expect(leadAncestors('a/b')).toEqual(['', 'a', 'a/b']);
  });

  it('globLead, the lead of a stored glob found without parsing it, is the parsed lead', () => {
    for (const g of ['src/core/*.ts', 'src/[c]ore/x', '**/x', 'src/', 'a/b/c.ts', 'a?', 'a/b*/c', 'x/[!.]*', '*'])
      expect(globLead(g), g).toBe(parseGlob(g).lead);
    const glob = fc
      .tuple(fc.array(fc.constantFrom('src', 'a.b', 'x-1'), { maxLength: 2 }), smallGlob, fc.boolean())
      .map(([lit, g, slash]) => [...lit, g].join('/') + (slash ? '/' : ''))
      .filter((g) => globProblem(g) === undefined);
    fc.assert(
      fc.property(glob, (g) => globLead(g) === parseGlob(g).lead && globLead(g) === parseGlob(g).lead),
      { numRuns: 2000 },
    );
  });
});

describe('glob matching', () => {
  it('matches as the regular-expression oracle does, on every small path', () => {
    fc.assert(
      fc.property(smallGlob, (g) => {
        const glob = parseGlob(g);
        const re = toRegExp(g);
        for (const p of PATHS) if (globMatches(glob, p) !== oracle(re, p)) return false;
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('examples', () => {
    const m = (g: string, p: string) => globMatches(parseGlob(g), p);
    expect(m('src/**', 'src/a/b.ts')).toBe(true);
    expect(m('src/**', 'src')).toBe(false);
    expect(m('**/*.ts', 'a.ts')).toBe(true);
    expect(m('*.ts', 'a/b.ts')).toBe(false);
    expect(m('a/**/b', 'a/b')).toBe(true);
    expect(m('a/**/b', 'a/x/y/b')).toBe(true);
    expect(m('x/[!.]*', 'x/.env')).toBe(false);
    expect(m('pages/[[]id].tsx', 'pages/[id].tsx')).toBe(true);
  });
});

describe('glob overlap', () => {
  it('two globs overlap iff some path matches both (brute force over every small path)', () => {
    fc.assert(
      fc.property(smallGlob, smallGlob, (a, b) => {
        const ga = parseGlob(a);
        const gb = parseGlob(b);
        const brute = PATHS.some((p) => globMatches(ga, p) && globMatches(gb, p));
        return globsOverlap(ga, gb) === brute && globsOverlap(gb, ga) === brute;
      }),
      { numRuns: 600 },
    );
  });

  it('a glob overlaps itself and every path it matches', () => {
    fc.assert(
      fc.property(smallGlob, fc.constantFrom(...PATHS), (g, p) => {
        const glob = parseGlob(g);
        if (!globsOverlap(glob, glob)) return false;
        const literal = parseGlob(p);
        return globsOverlap(glob, literal) === globMatches(glob, p);
      }),
      { numRuns: 1000 },
    );
  });

  it('examples, decided without matching one text against the other', () => {
    const o = (a: string, b: string) => globsOverlap(parseGlob(a), parseGlob(b));
    expect(o('src/**', 'src/core/a.ts')).toBe(true);
    expect(o('src/*.ts', 'src/*.md')).toBe(false);
    expect(o('src/a*', 'src/*b')).toBe(true); // src/ab
    expect(o('**/*.test.ts', 'test/**')).toBe(true);
    expect(o('docs/**', 'src/**')).toBe(false);
    expect(o('*.md', '**/README.md')).toBe(true);
    expect(o('a/[!x]', 'a/x')).toBe(false);
    expect(o('a/[a-m]?', 'a/[n-z]*')).toBe(false);
    expect(o('src/', 'src/x/y')).toBe(true);
    expect(o('src/**', 'src')).toBe(false); // a file named src is not under the folder src
  });
});
