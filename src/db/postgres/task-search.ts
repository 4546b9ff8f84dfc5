import { type TaskSearch, type TaskSearchHit, matchedFields, taskSearchTerms } from '../../core/rules/task-search.js';
import { containsPattern } from '../like.js';
import { publicTask } from '../task-rows.js';
import { rowToState } from './task-rows.js';
import type { Query } from './task-sql.js';

/** Substring search over title, description and note texts (ILIKE): a scan of the project, bounded by the limit. */
export async function searchTaskRows(query: Query, projectId: string, s: TaskSearch): Promise<TaskSearchHit[]> {
  const terms = taskSearchTerms(s.q);
  if (terms.include.length === 0) return [];
  const params: unknown[] = [projectId];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const anyField = (word: string) => {
    const p = bind(containsPattern(word));
    return `(t.title ILIKE ${p} OR t.description ILIKE ${p} OR EXISTS (SELECT 1 FROM json_array_elements(t.notes) n WHERE n->>'text' ILIKE ${p}))`;
  };
  const where = [
    't.project_id = $1',
    ...terms.include.map(anyField),
    ...terms.exclude.map((w) => `NOT ${anyField(w)}`),
  ];
  where.push(s.status?.length ? `t.status = ANY(${bind(s.status)}::text[])` : `t.status <> 'cancelled'`);
  const first = bind(containsPattern(terms.include[0] ?? ''));
  const limit = bind(s.limit);
  const rows = await query(
    `SELECT t.* FROM tasks t WHERE ${where.join(' AND ')}
     ORDER BY (t.title ILIKE ${first}) DESC, t.priority, t.number LIMIT ${limit}`,
    params,
  );
  return rows.map((r) => {
    const task = publicTask(rowToState(r));
    return { ...task, matched_in: matchedFields(task, terms) };
  });
}
