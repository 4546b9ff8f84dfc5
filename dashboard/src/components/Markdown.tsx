import type { ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { AppContext } from '../context.js';
import { type Block, type Inline, type TableBlock, parseInline, parseMarkdown } from '../markdown.js';
import { routeUrl, readRoute } from '../route.js';

/** Markdown an agent wrote, as elements: text stays text, links are checked, HTML is never interpreted. */
export function Markdown({ source, class: cls }: { source: string; class?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div class={`markdown ${cls ?? ''}`}>{blocks.map(renderBlock)}</div>;
}

/** One line of markdown (a note in the activity feed, an event's detail): emphasis, code, links, refs. */
export function InlineMarkdown({ source, class: cls }: { source: string; class?: string }) {
  const nodes = useMemo(() => parseInline(source), [source]);
  return <span class={cls}>{nodes.map(renderInline)}</span>;
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
      const tasks = b.checks.some((c) => c !== null);
      const items = b.items.map((item, i) => {
        const check = b.checks[i] ?? null;
        return (
          <li key={i} class={check === null ? undefined : `task-item${check ? ' checked' : ''}`}>
            {check !== null && (
              <input type="checkbox" disabled checked={check} aria-label={check ? 'done' : 'not done'} />
            )}
            {renderItem(item)}
          </li>
        );
      });
      const cls = tasks ? 'task-list' : undefined;
      return b.ordered ? (
        <ol key={key} class={cls} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key} class={cls}>
          {items}
        </ul>
      );
    }
    case 'table':
      return <Table key={key} table={b} />;
    case 'quote':
      return <blockquote key={key}>{b.c.map(renderBlock)}</blockquote>;
    case 'rule':
      return <hr key={key} />;
  }
}

/** A table scrolls on its own when wider than the panel, so the text around it keeps its width. */
function Table({ table }: { table: TableBlock }) {
  const style = (i: number) => (table.align[i] ? { textAlign: table.align[i] } : undefined);
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {table.head.map((c, i) => (
              <th key={i} style={style(i)}>
                {c.map(renderInline)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((c, i) => (
                <td key={i} style={style(i)}>
                  {c.map(renderInline)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
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
    case 'ref':
      return <RefLink key={key} refId={n.ref} label={n.c} />;
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

/** `T-012` opens the task's panel, `D-001` the doc in the knowledge base; the href works in a new tab too. */
function RefLink({ refId, label }: { refId: string; label: Inline[] }) {
  const app = useContext(AppContext);
  const isDoc = refId.startsWith('D-');
  const here = readRoute();
  const href = routeUrl(isDoc ? { ...here, view: 'docs', doc: refId, task: null } : { ...here, task: refId });
  return (
    <a
      href={href}
      class={`ref ref-${isDoc ? 'doc' : 'task'}`}
      data-ref={refId}
      onClick={(e) => {
        if (!app || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        if (isDoc) app.openDoc(refId);
        else app.openTask(refId);
      }}
    >
      {label.map(renderInline)}
    </a>
  );
}

/** A search snippet: highlighted runs (from the server's match ranges) are marks, everything else is text. */
export function Snippet({ runs }: { runs: { text: string; match: boolean }[] }) {
  return <span class="snippet">{runs.map((r, i) => (r.match ? <mark key={i}>{r.text}</mark> : r.text))}</span>;
}
