import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { type Block, type Inline, parseMarkdown, snippetRuns } from '../markdown.js';

/** Markdown an agent wrote, as elements: text stays text, links are checked, HTML is never interpreted. */
export function Markdown({ source, class: cls }: { source: string; class?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div class={`markdown ${cls ?? ''}`}>{blocks.map(renderBlock)}</div>;
}

function renderBlock(b: Block, key: number): ComponentChildren {
  switch (b.t) {
    case 'heading': {
      // Headings inside a panel start at h3 so they never outrank the panel's own title.
      const level = Math.min(6, b.level + 2);
      const H = `h${level}` as 'h3';
      return <H key={key}>{b.c.map(renderInline)}</H>;
    }
    case 'paragraph':
      return <p key={key}>{b.c.map(renderInline)}</p>;
    case 'code':
      return (
        <pre key={key} data-lang={b.lang || undefined}>
          <code>{b.v}</code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{renderItem(item)}</li>);
      return b.ordered ? (
        <ol key={key} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'quote':
      return <blockquote key={key}>{b.c.map(renderBlock)}</blockquote>;
    case 'rule':
      return <hr key={key} />;
  }
}

/** A tight list item shows its single paragraph inline. */
function renderItem(blocks: Block[]): ComponentChildren {
  const [only] = blocks;
  if (blocks.length === 1 && only?.t === 'paragraph') return only.c.map(renderInline);
  return blocks.map(renderBlock);
}

function renderInline(n: Inline, key: number): ComponentChildren {
  switch (n.t) {
    case 'text':
      return n.v;
    case 'code':
      return <code key={key}>{n.v}</code>;
    case 'strong':
      return <strong key={key}>{n.c.map(renderInline)}</strong>;
    case 'em':
      return <em key={key}>{n.c.map(renderInline)}</em>;
    case 'del':
      return <del key={key}>{n.c.map(renderInline)}</del>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const external = /^https?:/i.test(n.href);
      return (
        <a key={key} href={n.href} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
          {n.c.map(renderInline)}
        </a>
      );
    }
  }
}

/** A search snippet: the server's `**` marks become highlights, everything else is text. */
export function Snippet({ text }: { text: string }) {
  return (
    <span class="snippet">{snippetRuns(text).map((r, i) => (r.mark ? <mark key={i}>{r.text}</mark> : r.text))}</span>
  );
}
