/** GitHub-style pipe tables: a header row, a delimiter row (`| --- | :-: |`), then body rows. */
import { type Inline, parseInline } from './markdown-inline.js';

export type Align = 'left' | 'center' | 'right' | null;

export interface TableBlock {
  t: 'table';
  align: Align[];
  head: Inline[][];
  rows: Inline[][][];
}

/** Wider tables are kept as text: a hostile row of thousands of pipes should not become thousands of cells. */
const MAX_COLUMNS = 64;
const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

/** The cells of a row: split on pipes that are not escaped and not inside a code span. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function delimiter(line: string): Align[] | null {
  if (!line.includes('-') || !/[|]/.test(line)) return null;
  const cells = splitRow(line);
  if (cells.length === 0 || cells.length > MAX_COLUMNS || !cells.every((c) => DELIMITER_CELL.test(c))) return null;
  return cells.map((c) => {
    const left = c.startsWith(':');
    const right = c.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
  });
}

/** Whether a table starts at `lines[i]`: a row with a pipe, then a delimiter row of as many cells. */
export function startsTable(lines: string[], i: number): boolean {
  const head = lines[i] ?? '';
  if (!head.includes('|')) return false;
  const align = delimiter(lines[i + 1] ?? '');
  return align !== null && splitRow(head).length === align.length;
}

export function parseTable(lines: string[], start: number): { block: TableBlock; end: number } {
  const align = delimiter(lines[start + 1] ?? '') ?? [];
  const width = align.length;
  const cells = (line: string): Inline[][] => {
    const raw = splitRow(line).slice(0, width);
    while (raw.length < width) raw.push('');
    return raw.map((c) => parseInline(c));
  };
  const rows: Inline[][][] = [];
  let i = start + 2;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || !line.includes('|')) break;
    rows.push(cells(line));
    i++;
  }
  return { block: { t: 'table', align, head: cells(lines[start] ?? ''), rows }, end: i };
}
