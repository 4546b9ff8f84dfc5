import { describe, expect, it } from 'vitest';
import { type Block, type Inline, parseInline, parseMarkdown } from '../../dashboard/src/markdown.js';

const text = (ns: Inline[]): string =>
  ns.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'br' ? '\n' : text(n.c))).join('');

describe('tables', () => {
  it('parses a pipe table with alignment, escaped pipes and code spans', () => {
    const [table] = parseMarkdown(
      '| Plan | Price | Notes |\n|:-----|------:|:-----:|\n| Free | 0 | `a|b` |\n| Pro | 10 \\| 12 | **best** |',
    );
    expect(table?.t).toBe('table');
    if (table?.t !== 'table') return;
    expect(table.align).toEqual(['left', 'right', 'center']);
    expect(table.head.map(text)).toEqual(['Plan', 'Price', 'Notes']);
    expect(table.rows.map((r) => r.map(text))).toEqual([
      ['Free', '0', 'a|b'],
      ['Pro', '10 | 12', 'best'],
    ]);
  });

  it('pads short rows, cuts long ones, and ends at a blank line', () => {
    const blocks = parseMarkdown('a | b\n--|--\n1 |\n1 | 2 | 3\n\nafter');
    const table = blocks[0];
    if (table?.t !== 'table') throw new Error('no table');
    expect(table.rows.map((r) => r.map(text))).toEqual([
      ['1', ''],
      ['1', '2'],
    ]);
    expect(blocks[1]?.t).toBe('paragraph');
  });

  it('a table interrupts a paragraph; a lone pipe line stays text', () => {
    const blocks = parseMarkdown('intro\n| x |\n| - |\n| 1 |');
    expect(blocks.map((b) => b.t)).toEqual(['paragraph', 'table']);
    expect(parseMarkdown('a | b\nno delimiter').map((b) => b.t)).toEqual(['paragraph']);
  });
});

describe('task lists', () => {
  it('marks checked and open items, leaving plain items plain', () => {
    const [list] = parseMarkdown('- [x] done thing\n- [ ] open thing\n- plain');
    if (list?.t !== 'list') throw new Error('no list');
    expect(list.checks).toEqual([true, false, null]);
    expect(list.items.map((i) => text((i[0] as Extract<Block, { t: 'paragraph' }>).c))).toEqual([
      'done thing',
      'open thing',
      'plain',
    ]);
  });
});

describe('references', () => {
  it('bare T-012 and D-001 become refs; look-alikes do not', () => {
    const nodes = parseInline('see T-012 and d-7, not PT-1, T-1x, T-, or T-3-4');
    expect(nodes.filter((n) => n.t === 'ref').map((n) => (n.t === 'ref' ? n.ref : ''))).toEqual(['T-012', 'D-7']);
  });

  it('[PRD](D-001) is an in-app ref, not a relative link', () => {
    const [ref] = parseInline('[PRD](D-001)');
    expect(ref).toEqual({ t: 'ref', ref: 'D-001', c: [{ t: 'text', v: 'PRD' }] });
    expect(parseInline('[x](./t-9)')[0]).toMatchObject({ t: 'ref', ref: 'T-9' });
  });

  it('a ref inside a link label stays text (no link in a link)', () => {
    const [link] = parseInline('[fixes T-004](https://example.com/pr/1)');
    expect(link?.t).toBe('link');
    if (link?.t !== 'link') return;
    expect(link.c.every((n) => n.t === 'text')).toBe(true);
    expect(text(link.c)).toBe('fixes T-004');
  });

  it('never yields HTML: tags stay text', () => {
    const nodes = parseInline('<img src=x onerror=alert(1)> T-1');
    expect(nodes[0]).toEqual({ t: 'text', v: '<img src=x onerror=alert(1)> ' });
  });
});
