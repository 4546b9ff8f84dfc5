import type { DocPatch } from './doc-store.js';
import type { Doc } from './types.js';

/** Tags as stored: trimmed, empty ones dropped, each once, in the order given. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tag = raw.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** What a `doc.created` event records: the doc without its body (bodies can be large), plus the body's size. */
export function docCreatedPayload(doc: Doc) {
  const { body, ...rest } = doc;
  return { ...rest, body_chars: body.length };
}

type PatchField = keyof DocPatch;
const PATCH_FIELDS: PatchField[] = ['type', 'title', 'body', 'section', 'tags'];

/** The fields a patch really changes, with their new values; nothing when the patch repeats the doc. */
export function effectiveDocChanges(doc: Doc, patch: DocPatch): Partial<Pick<Doc, PatchField>> {
  const changes: Partial<Pick<Doc, PatchField>> = {};
  for (const field of PATCH_FIELDS) {
    const next = field === 'tags' && patch.tags ? normalizeTags(patch.tags) : patch[field];
    if (next === undefined) continue;
    if (JSON.stringify(next) === JSON.stringify(doc[field])) continue;
    (changes as Record<string, unknown>)[field] = next;
  }
  return changes;
}

/** What a `doc.updated` event records: which fields changed, their old and new values (a body by its size only). */
export function docUpdatedPayload(before: Doc, changes: Partial<Pick<Doc, PatchField>>) {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (field === 'body') {
      from.body_chars = before.body.length;
      to.body_chars = (value as string).length;
    } else {
      from[field] = before[field as PatchField];
      to[field] = value;
    }
  }
  return { id: before.id, title: changes.title ?? before.title, changed: Object.keys(changes), from, to };
}
