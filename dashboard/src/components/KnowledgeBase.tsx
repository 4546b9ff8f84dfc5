import { useEffect, useRef, useState } from 'preact/hooks';
import { type Doc, type DocSearchHit, type DocSummary, type DocType, call, errorMessage } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { ago, fullTime, useNow } from '../time.js';
import { ErrorText } from './Drawer.js';
import { prefixQuery } from '../search-text.js';
import { Markdown, Snippet } from './Markdown.js';

const TYPES: DocType[] = ['operational', 'decision', 'reference', 'learning'];

/** Browse the knowledge base by type, search it, read a doc. */
export function KnowledgeBase({
  docId,
  query,
  onQuery,
}: {
  docId: string | null;
  query: string;
  onQuery: (q: string) => void;
}) {
  const { api, projectId, session, openDoc } = useApp();
  const signal = useObservable(session.docs);
  const [type, setType] = useState<DocType | ''>('');
  const [input, setInput] = useState(query);
  const [items, setItems] = useState<(DocSummary | DocSearchHit)[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(30_000);
  const reader = useRef<HTMLDivElement>(null);
  // On a narrow screen the reader sits below the list: bring a doc just tapped into view.
  useEffect(() => {
    const el = reader.current;
    if (!docId || !el) return;
    const top = el.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6 || top < 0) el.scrollIntoView({ block: 'start' });
  }, [docId]);

  useEffect(() => {
    const t = setTimeout(() => {
      if (input.trim() !== query) onQuery(input.trim());
    }, 250);
    return () => clearTimeout(t);
  }, [input]);

  useEffect(() => {
    let stale = false;
    const filters = type ? { type } : {};
    const load = query
      ? call(
          api.GET('/api/docs/search', {
            params: { query: { project_id: projectId, q: prefixQuery(query), limit: 50, runs: 'true', ...filters } },
          }),
        )
      : call(api.GET('/api/docs', { params: { query: { project_id: projectId, limit: 500, ...filters } } }));
    load.then(
      (res) => {
        if (stale) return;
        setItems(res.data);
        setError(null);
      },
      (err) => !stale && setError(errorMessage(err)),
    );
    return () => {
      stale = true;
    };
  }, [api, projectId, query, type, signal]);

  return (
    <div class="kb">
      <div class="kb-list">
        <search>
          <form
            class="kb-search"
            onSubmit={(e) => {
              e.preventDefault();
              onQuery(input.trim());
            }}
          >
            <input
              type="search"
              name="q"
              aria-label="Search the knowledge base"
              placeholder="Search docs…"
              value={input}
              onInput={(e) => setInput(e.currentTarget.value)}
            />
          </form>
        </search>
        <fieldset class="tabs small doc-types">
          <legend class="visually-hidden">Doc type</legend>
          {(['', ...TYPES] as const).map((t) => (
            <button
              key={t || 'all'}
              type="button"
              class={`tab${type === t ? ' active' : ''}`}
              aria-pressed={type === t}
              onClick={() => setType(t)}
            >
              {t || 'all'}
            </button>
          ))}
        </fieldset>
        <ErrorText error={error} />
        {items && items.length === 0 && (
          <p class="muted">
            {query ? `No doc matches “${query}”.` : 'No docs yet. Agents write them with `cpk docs write`.'}
          </p>
        )}
        <ul class="doc-list">
          {items?.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                class={`doc-item${d.id === docId ? ' active' : ''}`}
                data-doc={d.id}
                onClick={() => openDoc(d.id)}
              >
                <span class="doc-item-top">
                  <span class="num">{d.id}</span>
                  <span class={`badge doc-type doc-${d.type}`}>{d.type}</span>
                  {d.section && <span class="muted">{d.section}</span>}
                </span>
                <span class="doc-title">{d.title}</span>
                {'snippet' in d && <Snippet runs={d.snippet_runs ?? [{ text: d.snippet, match: false }]} />}
                <span class="small muted">
                  {d.author ?? 'unknown'} · {ago(d.updated_at, now)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div class="kb-reader" ref={reader}>
        {docId ? <DocReader id={docId} signal={signal} /> : <p class="muted">Choose a doc to read it.</p>}
      </div>
    </div>
  );
}

function DocReader({ id, signal }: { id: string; signal: number }) {
  const { api, projectId, session } = useApp();
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const changed = session.docs.lastChanged;
  useEffect(() => {
    if (doc && doc.id === id && changed !== id) return;
    let stale = false;
    call(api.GET('/api/docs/{id}', { params: { path: { id }, query: { project_id: projectId } } })).then(
      (res) => {
        if (stale) return;
        setDoc(res.data);
        setError(null);
      },
      (err) => !stale && setError(errorMessage(err)),
    );
    return () => {
      stale = true;
    };
  }, [api, projectId, id, signal]);
  if (error) return <ErrorText error={error} />;
  if (!doc) return <p class="muted">Loading…</p>;
  return (
    <article class="doc" data-doc-id={doc.id}>
      <header>
        <span class="num">{doc.id}</span> <span class={`badge doc-type doc-${doc.type}`}>{doc.type}</span>
        <h2 class="doc-heading">{doc.title}</h2>
        <p class="small muted">
          {doc.section && <>section {doc.section} · </>}
          by {doc.author ?? 'unknown'} · updated{' '}
          <span title={fullTime(doc.updated_at)}>{fullTime(doc.updated_at)}</span>
          {doc.tags.length > 0 && <> · {doc.tags.map((t) => `#${t}`).join(' ')}</>}
        </p>
      </header>
      <Markdown source={doc.body} class="doc-body" />
    </article>
  );
}
