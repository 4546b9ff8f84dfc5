/** Inline markdown (emphasis, code, links) of what agents write; links keep only safe targets. */

/** How deeply nested markup may go before the rest is kept as text. */
export const MAX_DEPTH = 8;

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  /** A task (`T-012`) or doc (`D-001`) of this project: a link inside the dashboard. */
  | { t: 'ref'; ref: string; c: Inline[] }
  | { t: 'br' };

const REF = /^([TD])-(\d{1,9})$/i;
const REF_AT = /^[TD]-\d{1,9}(?![\w-])/i;

/** `T-012` or `D-001` (any case, optionally `./`), normalized; null for anything else. */
export function refOf(target: string): string | null {
  const m = REF.exec(target.replace(/^\.\//, ''));
  return m ? `${(m[1] ?? '').toUpperCase()}-${m[2]}` : null;
}

/** A link's label cannot hold another link: references inside it stay text. */
function unlinked(nodes: Inline[]): Inline[] {
  return nodes.map((n) => (n.t === 'ref' ? { t: 'text', v: n.ref } : 'c' in n ? { ...n, c: unlinked(n.c) } : n));
}

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
      } else text = `${text.trimEnd()} `;
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
      if (
        close > i + 2 &&
        close - i < SPAN_LIMIT &&
        src[i + 2] !== ' ' &&
        (ch !== '_' || !/\w/.test(src[i - 1] ?? ''))
      ) {
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
        const ref = refOf(link.href);
        const href = ref ? null : safeHref(link.href);
        const label = unlinked(nested(link.label));
        if (ref) out.push({ t: 'ref', ref, c: label });
        else if (href) out.push({ t: 'link', href, c: label });
        else out.push(...label);
        i = link.end;
        continue;
      }
    }
    if ((ch === 'T' || ch === 'D' || ch === 't' || ch === 'd') && !/[\w-]/.test(src[i - 1] ?? '')) {
      const ref = REF_AT.exec(rest)?.[0];
      if (ref) {
        flush();
        const norm = ref.toUpperCase();
        out.push({ t: 'ref', ref: norm, c: [{ t: 'text', v: ref }] });
        i += ref.length;
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
