import type { SnippetRun } from './snippet.js';
import type { Doc, DocType } from './types.js';

export interface NewDoc {
  type: DocType;
  title: string;
  body: string;
  section?: string | null | undefined;
  tags?: string[] | undefined;
  author?: string | null | undefined;
}

export interface DocPatch {
  type?: DocType | undefined;
  title?: string | undefined;
  body?: string | undefined;
  section?: string | null | undefined;
  tags?: string[] | undefined;
}

/** A doc without its body: what listings and search results carry. */
export type DocSummary = Omit<Doc, 'body'>;

export interface DocFilter {
  type?: DocType | undefined;
  tag?: string | undefined;
  /** Only these docs (D-001 …); unknown ids are skipped. */
  ids?: string[] | undefined;
  limit: number;
}

export interface DocSearch {
  q: string;
  type?: DocType | undefined;
  tag?: string | undefined;
  limit: number;
}

export interface DocHit extends DocSummary {
  /** A fragment of the doc with the matched words wrapped in `**`. */
  snippet: string;
  /** The same passage as plain and matched runs (the doc's own `**` stays text). */
  snippet_runs: SnippetRun[];
  /** Relevance rank, higher is better (title weighted above tags above body); compares hits of one search only. */
  score: number;
}

/** Knowledge-base operations of a project store; each call is one transaction. */
export interface DocStore {
  create(input: NewDoc, actor: string): Promise<Doc>;
  list(filter: DocFilter): Promise<DocSummary[]>;
  get(ref: string): Promise<Doc>;
  update(ref: string, patch: DocPatch, actor: string): Promise<Doc>;
  search(query: DocSearch): Promise<DocHit[]>;
}
