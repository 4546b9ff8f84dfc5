import { type TaskSearch, type TaskSearchHit, matchedFields, taskSearchTerms } from '../../core/rules/task-search.js';
import { containsPattern } from '../like.js';
import { rowToTask } from '../task-rows.js';
import type { Db } from './database.js';

/** Substring search over title, description and note texts: a scan, bounded by the limit. */
export function searchTaskRows(db: Db, s: TaskSearch): TaskSearchHit[] {
  const terms = taskSearchTerms(s.q);
  if (terms.include.length === 0) return [];
  const params: (string | number)[] = [];
  const anyField = (word: string) => {
    const p = containsPattern(word);
    params.push(p, p, p);
    return `(t.title LIKE ? ESCAPE '\\' OR t.description LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(t.notes) n WHERE json_extract(n.value, '$.text') LIKE ? ESCAPE '\\'))`;
  };
  const where = [...terms.include.map(anyField), ...terms.exclude.map((w) => `NOT ${anyField(w)}`)];
  if (s.status?.length) {
    where.push(`t.status IN (${s.status.map(() => '?').join(', ')})`);
    params.push(...s.status);
  } else where.push(`t.status != 'cancelled'`);
  const first = containsPattern(terms.include[0] ?? '');
  params.push(first, s.limit);
  const sql = `SELECT t.* FROM tasks t WHERE ${where.join(' AND ')}
    ORDER BY (t.title LIKE ? ESCAPE '\\') DESC, t.priority, t.number LIMIT ?`;
  return db
    .prepare(sql)
    .all(...params)
    .map((row) => {
      const task = rowToTask(row as Parameters<typeof rowToTask>[0]);
      return { ...task, matched_in: matchedFields(task, terms) };
    });
}
