/**
 * A small markdown parser for what agents write (descriptions, doc bodies). It produces a tree that
 * the Markdown component turns into elements: raw HTML is never passed through (it stays text), and
 * links keep only http(s) or same-site relative targets.
 */
import { type Inline, MAX_DEPTH, parseInline } from './markdown-inline.js';
import { type TableBlock, parseTable, startsTable } from './markdown-table.js';

export { type Inline, parseInline, safeHref, snippetRuns } from './markdown-inline.js';
export type { Align, TableBlock } from './markdown-table.js';

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'paragraph'; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  /** `checks[i]` is true/false for a task-list item (`- [x]` / `- [ ]`), null for a plain one. */
  | { t: 'list'; ordered: boolean; start: number; items: Block[][]; checks: (boolean | null)[] }
  | TableBlock
  | { t: 'quote'; c: Block[] }
  | { t: 'rule' };

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^( {0,3})([-*+])[ \t]+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const TASK_BOX = /^\[([ xX])\](?:[ \t]+|$)/;

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) body.push(lines[i++] ?? '');
      i++;
      blocks.push({ t: 'code', lang: fence[2] ?? '', v: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'heading', level: (heading[1] ?? '#').length as 1, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ t: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && QUOTE.test(lines[i] ?? ''))
        inner.push(QUOTE.exec(lines[i++] ?? '')?.[1] ?? '');
      blocks.push(
        depth < MAX_DEPTH
          ? { t: 'quote', c: parseBlocks(inner, depth + 1) }
          : { t: 'paragraph', c: parseInline(inner.join('\n')) },
      );
      continue;
    }
    if (line.startsWith('    ') || line.startsWith('\t')) {
      const body: string[] = [];
      while (
        i < lines.length &&
        ((lines[i] ?? '').startsWith('    ') || (lines[i] ?? '').startsWith('\t') || (lines[i] ?? '').trim() === '')
      ) {
        body.push((lines[i++] ?? '').replace(/^(?: {4}|\t)/, ''));
      }
      blocks.push({ t: 'code', lang: '', v: body.join('\n').replace(/\n+$/, '') });
      continue;
    }
    if (startsTable(lines, i)) {
      const table = parseTable(lines, i);
      blocks.push(table.block);
      i = table.end;
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      const next = parseList(lines, i, !!ordered, depth);
      blocks.push(next.block);
      i = next.end;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (
        l.trim() === '' ||
        FENCE.test(l) ||
        HEADING.test(l) ||
        RULE.test(l) ||
        QUOTE.test(l) ||
        BULLET.test(l) ||
        ORDERED.test(l) ||
        startsTable(lines, i)
      )
        break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ t: 'paragraph', c: parseInline(para.join('\n')) });
  }
  return blocks;
}

function parseList(lines: string[], start: number, ordered: boolean, depth: number): { block: Block; end: number } {
  const marker = ordered ? ORDERED : BULLET;
  const items: string[][] = [];
  let first = 1;
  let i = start;
  const baseIndent = (marker.exec(lines[start] ?? '')?.[1] ?? '').length;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const m = marker.exec(line);
    // A marker indented past the item's own marker starts a nested list inside the item.
    if (m && (m[1] ?? '').length <= baseIndent + 1) {
      if (items.length === 0 && ordered) first = Number(m[2]);
      items.push([m[3] ?? '']);
      i++;
      continue;
    }
    const current = items[items.length - 1];
    if (!current) break;
    if (line.trim() === '') {
      // A blank line ends the list unless the next line continues an item (indented or a marker).
      const after = lines[i + 1] ?? '';
      if (marker.test(after) || /^ {2,}\S/.test(after)) {
        current.push('');
        i++;
        continue;
      }
      break;
    }
    if (/^ {2,}|\t/.test(line)) {
      current.push(line.replace(new RegExp(`^(?: {${Math.min(baseIndent + 2, 4)},${baseIndent + 4}}|\\t)`), ''));
      i++;
      continue;
    }
    // A lazy continuation line of the item's paragraph.
    if (!FENCE.test(line) && !HEADING.test(line) && !QUOTE.test(line) && !BULLET.test(line) && !ORDERED.test(line)) {
      current.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  const checks = items.map((item) => {
    const box = TASK_BOX.exec(item[0] ?? '');
    if (!box) return null;
    item[0] = (item[0] ?? '').slice(box[0].length);
    return box[1] !== ' ';
  });
  const parsed = items.map((item) =>
    depth < MAX_DEPTH ? parseBlocks(item, depth + 1) : [{ t: 'paragraph', c: parseInline(item.join('\n')) } as Block],
  );
  return { block: { t: 'list', ordered, start: first, items: parsed, checks }, end: i };
}
