/**
 * Task search (the board's search box): every word must appear in the title, the description or a
 * note, as a substring (so a word typed halfway finds its task); `-word` leaves tasks holding it out;
 * `"a phrase"` must appear as typed. Title matches rank first, then board order.
 */
import type { Task, TaskStatus } from '../types.js';

export const TASK_SEARCH_MAX_TERMS = 8;

export interface TaskSearch {
  q: string;
  status?: TaskStatus[] | undefined;
  limit: number;
}

export type TaskSearchField = 'title' | 'description' | 'notes';

export interface TaskSearchHit extends Task {
  /** Where the words were found. */
  matched_in: TaskSearchField[];
}

export interface TaskSearchTerms {
  /** Lower-cased texts that must each appear. */
  include: string[];
  /** Lower-cased texts that must not appear. */
  exclude: string[];
}

/** A balanced, optionally excluded "phrase", or a run of non-space characters. */
const TOKEN = /(-?)"([^"]*)"\*?|(\S+)/gu;

/**
 * The texts to look for, as typed (punctuation included: `failed_events`, `100%`); a trailing `*` is
 * dropped (every word is matched as part of a word anyway). Empty `include`: nothing to search for.
 */
export function taskSearchTerms(q: string): TaskSearchTerms {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const m of q.normalize('NFC').matchAll(TOKEN)) {
    if (include.length + exclude.length >= TASK_SEARCH_MAX_TERMS) break;
    const raw = m[3] ?? m[2] ?? '';
    const negated = m[3] === undefined ? m[1] === '-' : raw.startsWith('-') && raw.length > 1;
    let text = (m[3] !== undefined && negated ? raw.slice(1) : raw).replace(/\*+$/, '');
    text = text
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .toLowerCase();
    if (!/[\p{L}\p{N}_%]/u.test(text)) continue;
    (negated ? exclude : include).push(text);
  }
  return { include, exclude };
}

/** Which fields of a found task hold the words (for the answer, and to show why it matched). */
export function matchedFields(task: Task, terms: TaskSearchTerms): TaskSearchField[] {
  const has = (s: string) => terms.include.some((w) => s.toLowerCase().includes(w));
  const fields: TaskSearchField[] = [];
  if (has(task.title)) fields.push('title');
  if (has(task.description)) fields.push('description');
  if (task.notes.some((n) => has(n.text))) fields.push('notes');
  return fields;
}
