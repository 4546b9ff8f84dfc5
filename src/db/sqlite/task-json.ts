/**
 * A `tasks` row as the API's task object (rowToTask, then the project's id, in that field order), built
 * by SQLite as JSON text.
 *
 * A page of 1,000 tasks read as rows makes better-sqlite3 create ~28,000 JavaScript strings and 1,000
 * objects, which rowToTask parses and copies again before the answer is serialized: ~30 ms of one turn
 * of the event loop. Built here, the page crosses into JavaScript as one string per task. Text is quoted
 * by `json_quote`; list columns, almost always `[]`, go through `json()` otherwise, so a value that is
 * not JSON fails the read instead of breaking the answer. The contract suite checks this against
 * rowToTask on every kind of value.
 */
const list = (column: string) => `CASE ${column} WHEN '[]' THEN '[]' ELSE json(${column}) END`;
const text = (column: string) => `json_quote(${column})`;

const FIELDS: [string, string][] = [
  ['id', text('id')],
  ['task_number', `printf('"T-%03d"', number)`],
  ['title', text('title')],
  ['description', text('description')],
  ['status', text('status')],
  ['priority', text('priority')],
  ['assignee', text('assignee')],
  ['epic', text('epic')],
  ['tags', list('tags')],
  ['capabilities', list('capabilities')],
  [
    'depends_on',
    `CASE depends_on WHEN '[]' THEN '[]' ELSE (SELECT json_group_array(printf('T-%03d', d.value) ORDER BY d.key) FROM json_each(depends_on) AS d) END`,
  ],
  ['deps_met', `CASE deps_met WHEN 1 THEN 'true' ELSE 'false' END`],
  ['acceptance_criteria', list('acceptance_criteria')],
  ['context_refs', list('context_refs')],
  ['verify', text('verify')],
  ['files', list(`coalesce(files, '[]')`)],
  ['verify_result', `CASE WHEN verify_result IS NULL THEN 'null' ELSE json(verify_result) END`],
  ['notes', list('notes')],
  ['blocker_reason', text('blocker_reason')],
  ['attempts', 'attempts'],
  ['pickups', 'attempts'],
  ['lapses', 'coalesce(lapses, 0)'],
  ['key', text('client_key')],
  ['lease_expires_at', text('lease_expires_at')],
  ['created_at', text('created_at')],
  ['updated_at', text('updated_at')],
  ['started_at', text('started_at')],
  ['completed_at', text('completed_at')],
  ['project_id', text('@project_id')],
];

/** The expression, over a `tasks` row in scope, with the project's id bound as `@project_id`. */
export const TASK_JSON = `concat('{', ${FIELDS.map(([name, value], i) => `'${i === 0 ? '' : ','}"${name}":', ${value}`).join(', ')}, '}')`;
