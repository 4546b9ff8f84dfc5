import { describe, expect, it } from 'vitest';
import {
  type Block,
  type Inline,
  parseInline,
  parseMarkdown,
  safeHref,
  snippetRuns,
} from '../../dashboard/src/markdown.js';

function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'br' ? '\n' : inlineText(n.c))).join('');
}

function links(blocks: Block[]): string[] {
  const out: string[] = [];
  const walkInline = (ns: Inline[]) => {
    for (const n of ns) {
      if (n.t === 'link') out.push(n.href);
      if ('c' in n) walkInline(n.c);
    }
  };
  const walk = (bs: Block[]) => {
    for (const b of bs) {
      if (b.t === 'heading' || b.t === 'paragraph') walkInline(b.c);
      else if (b.t === 'list') b.items.forEach(walk);
      else if (b.t === 'quote') walk(b.c);
    }
  };
  walk(blocks);
  return out;
}

describe('safeHref', () => {
  it('keeps http(s) and relative links', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('HTTP://example.com')).toBe('HTTP://example.com');
    expect(safeHref('/reference')).toBe('/reference');
    expect(safeHref('docs/setup.md')).toBe('docs/setup.md');
    expect(safeHref('../x')).toBe('../x');
    expect(safeHref('#section')).toBe('#section');
  });

  it('refuses every other scheme, however it is disguised', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:x',
      '\u0000javascript:x',
      'data:text/html,<script>x</script>',
      'vbscript:x',
      'file:///etc/passwd',
      'mailto:a@b',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it('refuses links that leave the site without a scheme', () => {
    expect(safeHref('//evil.example')).toBeNull();
    expect(safeHref('/\\evil.example')).toBeNull();
    expect(safeHref('\\\\evil.example')).toBeNull();
    expect(safeHref('https:evil.example')).toBeNull();
    expect(safeHref('')).toBeNull();
  });
});

describe('parseMarkdown', () => {
  it('parses headings, paragraphs, lists, code and quotes', () => {
    const blocks = parseMarkdown(
      '# Title\n\nSome *em* and **strong** and `code`.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n```ts\nconst a = 1;\n```\n\n> quoted\n\n---',
    );
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule']);
    const [heading, para, bullets, numbered, code] = blocks;
    expect(heading).toMatchObject({ t: 'heading', level: 1, c: [{ t: 'text', v: 'Title' }] });
    expect(para).toMatchObject({
      t: 'paragraph',
      c: [
        { t: 'text', v: 'Some ' },
        { t: 'em' },
        { t: 'text', v: ' and ' },
        { t: 'strong' },
        { t: 'text', v: ' and ' },
        { t: 'code', v: 'code' },
        { t: 'text', v: '.' },
      ],
    });
    expect(bullets).toMatchObject({ t: 'list', ordered: false });
    if (bullets?.t !== 'list') throw new Error('not a list');
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[1]?.map((b) => b.t)).toEqual(['paragraph', 'list']);
    expect(numbered).toMatchObject({ t: 'list', ordered: true, start: 1 });
    expect(code).toEqual({ t: 'code', lang: 'ts', v: 'const a = 1;' });
  });

  it('keeps raw HTML as text', () => {
    const blocks = parseMarkdown('<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>');
    expect(blocks).toEqual([
      { t: 'paragraph', c: [{ t: 'text', v: '<img src=x onerror=alert(1)>' }] },
      { t: 'paragraph', c: [{ t: 'text', v: '<script>alert(1)</script>' }] },
    ]);
  });

  it('turns unsafe links into their label only', () => {
    const blocks = parseMarkdown(
      '[click](javascript:alert(1)) [ok](https://example.com "title") [rel](./a.md) https://example.org/x.',
    );
    expect(links(blocks)).toEqual(['https://example.com', './a.md', 'https://example.org/x']);
    expect(inlineText((blocks[0] as { c: Inline[] }).c)).toBe('click ok rel https://example.org/x.');
  });

  it('leaves snake_case and lone markers alone', () => {
    expect(parseInline('use snake_case_name and 2 * 3 * 4')).toEqual([
      { t: 'text', v: 'use snake_case_name and 2 * 3 * 4' },
    ]);
    expect(parseInline('\\*not em\\*')).toEqual([{ t: 'text', v: '*not em*' }]);
  });

  it('survives deeply nested input without recursing forever', () => {
    const deep = `${'> '.repeat(500)}x`;
    expect(() => parseMarkdown(deep)).not.toThrow();
    const brackets = `${'['.repeat(5000)}x${']'.repeat(5000)}`;
    expect(inlineText(parseInline(brackets))).toContain('x');
    const stars = '**'.repeat(3000);
    expect(() => parseInline(stars)).not.toThrow();
  });
});

describe('snippetRuns', () => {
  it('splits the server marks into highlighted runs', () => {
    expect(snippetRuns('Tokens expire after **15 minutes**…')).toEqual([
      { text: 'Tokens expire after ', mark: false },
      { text: '15 minutes', mark: true },
      { text: '…', mark: false },
    ]);
  });
});
