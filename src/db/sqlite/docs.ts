import type { DocFilter, DocHit, DocPatch, DocSearch, DocStore, DocSummary, NewDoc } from '../../core/doc-store.js';
import { docCreatedPayload, docUpdatedPayload, effectiveDocChanges, normalizeTags } from '../../core/doc-rules.js';
import { ApiError } from '../../core/errors.js';
import { parseDocNumber } from '../../core/rules/numbering.js';
import type { Doc } from '../../core/types.js';
import type { Db } from './database.js';
import {
  getDocRow,
  insertDoc,
  listDocRows,
  rowToDoc,
  searchDocRows,
  updateDocRow,
  type DocRowPatch,
} from './doc-queries.js';
import { nextCounter } from './meta.js';
import type { SqliteDatabaseHandle } from './project-database.js';

/** Knowledge base over SQLite. */
export class SqliteDocStore implements DocStore {
  constructor(protected readonly h: SqliteDatabaseHandle) {}

  async create(input: NewDoc, actor: string): Promise<Doc> {
    return this.h.write((ctx) => {
      const number = nextCounter(ctx.db, 'next_doc_number');
      const doc = rowToDoc(insertDoc(ctx.db, number, { ...input, tags: normalizeTags(input.tags) }, ctx.now));
      ctx.record({ type: 'doc.created', entity_id: doc.id, actor, payload: docCreatedPayload(doc) });
      return doc;
    });
  }

  async list(filter: DocFilter): Promise<DocSummary[]> {
    const numbers = filter.ids?.map(parseDocNumber).filter((n): n is number => n !== null);
    return this.h.read((db) => listDocRows(db, filter, numbers));
  }

  async get(ref: string): Promise<Doc> {
    return this.h.read((db) => rowToDoc(findDoc(db, ref)));
  }

  async update(ref: string, patch: DocPatch, actor: string): Promise<Doc> {
    return this.h.write((ctx) => {
      const before = rowToDoc(findDoc(ctx.db, ref));
      const changes = effectiveDocChanges(before, patch);
      if (Object.keys(changes).length === 0) return before;
      const rowPatch: DocRowPatch = {
        ...changes,
        tags: changes.tags ? JSON.stringify(changes.tags) : undefined,
        updated_at: ctx.now,
      };
      if (rowPatch.tags === undefined) delete rowPatch.tags;
      const number = parseDocNumber(before.id) ?? 0;
      updateDocRow(ctx.db, number, rowPatch);
      ctx.record({ type: 'doc.updated', entity_id: before.id, actor, payload: docUpdatedPayload(before, changes) });
      return rowToDoc(findDoc(ctx.db, before.id));
    });
  }

  async search(query: DocSearch): Promise<DocHit[]> {
    return this.h.read((db) => searchDocRows(db, query));
  }
}

function findDoc(db: Db, ref: string) {
  const number = parseDocNumber(ref);
  const row = number === null ? undefined : getDocRow(db, number);
  if (!row) throw new ApiError('doc_not_found', `No doc ${ref} in this project (doc ids look like D-001)`);
  return row;
}
