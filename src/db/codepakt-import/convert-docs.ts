import { formatDocNumber } from '../../core/rules/numbering.js';
import { DOC_TYPES, type DocType } from '../../core/types.js';
import type { DocRow } from '../sqlite/doc-queries.js';
import type { LegacyDoc } from './legacy-rows.js';
import { legacyTime, oneOf, tagList } from './values.js';

/** Their docs, in their order, become D-001…; a doc without a title or a known type gets one. */
export function convertDocs(legacy: readonly LegacyDoc[], nowIso: string): DocRow[] {
  return legacy.map((d, i) => {
    const created = legacyTime(d.created_at, nowIso);
    return {
      id: formatDocNumber(i + 1),
      number: i + 1,
      type: oneOf<DocType>(DOC_TYPES, d.type, 'reference'),
      title: (d.title ?? '').trim() || `Untitled doc ${i + 1}`,
      body: d.body ?? '',
      section: d.section ?? null,
      tags: JSON.stringify(tagList(d.tags)),
      author: d.author ?? null,
      created_at: created,
      updated_at: legacyTime(d.updated_at, created),
    };
  });
}

/** Their doc uuid → its new D- id, for the tasks' context_refs that name a doc. */
export function docIdsByLegacyId(legacy: readonly LegacyDoc[]): Map<string, string> {
  return new Map(legacy.map((d, i) => [d.id, formatDocNumber(i + 1)]));
}
