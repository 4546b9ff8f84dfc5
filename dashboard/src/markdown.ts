/**
 * A small markdown parser for what agents write (descriptions, doc bodies). It produces a tree that
 * the Markdown component turns into elements: raw HTML is never passed through (it stays text), and
 * links keep only http(s) or same-site relative targets.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'paragraph'; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'quote'; c: Block[] }
  | { t: 'rule' };

/** An href that is safe to follow: http(s) URLs and relative paths; anything else is refused. */
export function safeHref(raw: string): string | null {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so do we.
  const href = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (!href) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (scheme) return /^https?$/i.test(scheme[1] ?? '') && /^https?:\/\/[^/\\]/i.test(href) ? href : null;
  // Protocol-relative (//host) and backslash forms would leave this site.
  if (/^[\\/]{2}/.test(href) || /^\/\\/.test(href)) return null;
  return href;
}

const MAX_DEPTH = 8;

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^( {0,3})([-*+])[ \t]+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;

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
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && QUOTE.test(lines[i] ?? '')) inner.push(QUOTE.exec(lines[i++] ?? '')?.[1] ?? '');
      blocks.push(depth < MAX_DEPTH ? { t: 'quote', c: parseBlocks(inner, depth + 1) } : { t: 'paragraph', c: parseInline(inner.join('\n')) });
      continue;
    }
    if (line.startsWith('    ') || line.startsWith('\t')) {
      const body: string[] = [];
      while (i < lines.length && ((lines[i] ?? '').startsWith('    ') || (lines[i] ?? '').startsWith('\t') || (lines[i] ?? '').trim() === '')) {
        body.push((lines[i++] ?? '').replace(/^(?: {4}|\t)/, ''));
      }
      blocks.push({ t: 'code', lang: '', v: body.join('\n').replace(/\n+$/, '') });
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
      if (l.trim() === '' || FENCE.test(l) || HEADING.test(l) || RULE.test(l) || QUOTE.test(l) || BULLET.test(l) || ORDERED.test(l)) break;
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
  const parsed = items.map((item) => (depth < MAX_DEPTH ? parseBlocks(item, depth + 1) : [{ t: 'paragraph', c: parseInline(item.join('\n')) } as Block]));
  return { block: { t: 'list', ordered, start: first, items: parsed }, end: i };
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!>~|<]/;
/** Emphasis and link labels longer than this are left as text: keeps parsing linear on hostile input. */
const SPAN_LIMIT = 1000;
const URL_AT = /^https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]}*_]/i;

export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  const nested = (s: string): Inline[] => (depth < MAX_DEPTH ? parseInline(s, depth + 1) : [{ t: 'text', v: s }]);
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? '';
    const rest = src.slice(i);
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      // Two trailing spaces or a backslash make a hard break; otherwise a newline is a space.
      if (text.endsWith('  ')) {
        text = text.trimEnd();
        flush();
        out.push({ t: 'br' });
      } else text = text.trimEnd() + ' ';
      i++;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`';
      const close = src.indexOf(run, i + run.length);
      if (close > 0) {
        flush();
        const v = src.slice(i + run.length, close);
        out.push({ t: 'code', v: v.length > 2 && v.startsWith(' ') && v.endsWith(' ') ? v.slice(1, -1) : v });
        i = close + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    if ((ch === '*' || ch === '_' || ch === '~') && src[i + 1] === ch) {
      const pair = ch + ch;
      const close = src.indexOf(pair, i + 2);
      if (close > i + 2 && close - i < SPAN_LIMIT && src[i + 2] !== ' ' && (ch !== '_' || !/\w/.test(src[i - 1] ?? ''))) {
        flush();
        out.push({ t: ch === '~' ? 'del' : 'strong', c: nested(src.slice(i + 2, close)) });
        i = close + 2;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && src[i + 1] !== ch && src[i + 1] !== ' ' && src[i + 1] !== undefined) {
      // `_` only counts at a word boundary, so snake_case names stay intact.
      if (ch === '*' || !/\w/.test(src[i - 1] ?? '')) {
        let close = i + 1;
        for (;;) {
          close = src.indexOf(ch, close);
          if (close < 0 || close - i > SPAN_LIMIT) {
            close = -1;
            break;
          }
          if (src[close + 1] === ch) {
            close += 2;
            continue;
          }
          if (src[close - 1] !== ' ' && (ch === '*' || !/\w/.test(src[close + 1] ?? ''))) break;
          close++;
        }
        if (close > i + 1) {
          flush();
          out.push({ t: 'em', c: nested(src.slice(i + 1, close)) });
          i = close + 1;
          continue;
        }
      }
    }
    if (ch === '[') {
      const link = matchLink(src, i);
      if (link) {
        flush();
        const href = safeHref(link.href);
        const label = nested(link.label);
        if (href) out.push({ t: 'link', href, c: label });
        else out.push(...label);
        i = link.end;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && !/\w/.test(src[i - 1] ?? '')) {
      const url = URL_AT.exec(rest)?.[0];
      if (url) {
        const href = safeHref(url);
        if (href) {
          flush();
          out.push({ t: 'link', href, c: [{ t: 'text', v: url }] });
          i += url.length;
          continue;
        }
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** `[label](href "title")` starting at `start`; brackets and parentheses may nest. */
function matchLink(src: string, start: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let j = start;
  const labelEnd = Math.min(src.length, start + SPAN_LIMIT);
  for (; j < labelEnd; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (j >= labelEnd || src[j + 1] !== '(') return null;
  let parens = 0;
  let k = j + 1;
  const hrefEnd = Math.min(src.length, k + SPAN_LIMIT);
  for (; k < hrefEnd; k++) {
    const c = src[k];
    if (c === '(') parens++;
    else if (c === ')' && --parens === 0) break;
    else if (c === '\n') return null;
  }
  if (k >= hrefEnd) return null;
  let target = src.slice(j + 2, k).trim();
  const titled = /^(\S+)\s+["'(].*["')]$/.exec(target);
  if (titled) target = titled[1] ?? '';
  if (target.startsWith('<') && target.endsWith('>')) target = target.slice(1, -1);
  return { label: src.slice(start + 1, j), href: target, end: k + 1 };
}

/** Search snippets mark matches with `**`; split them into plain and highlighted runs. */
export function snippetRuns(snippet: string): { text: string; mark: boolean }[] {
  return snippet
    .split('**')
    .map((text, i) => ({ text, mark: i % 2 === 1 }))
    .filter((r) => r.text !== '');
}
