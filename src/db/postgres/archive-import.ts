/** An archive written into the shared database as a new project: one transaction, all of it or none. */
import { setClaimFiles } from './file-holds.js';
import type pg from 'pg';
import { lineError } from '../../core/archive/fields.js';
import type { ArchiveCounts, EntityRecord, HeaderRecord } from '../../core/archive/format.js';
import type { ArchiveItem, OpenedArchive } from '../../core/archive/reader.js';
import { ApiError } from '../../core/errors.js';
import { SATISFYING_STATUSES } from '../../core/rules/dependencies.js';
import { docInsert, taskInsert } from './archive-rows.js';
import { toJson } from './json.js';
import type { Query } from './task-sql.js';

/** Archive field names of what a unique constraint of ours can refuse (the reader checks the rest). */
const FIELD_OF_CONSTRAINT: Record<string, string> = {
  tasks_project_id_id_key: 'id',
  tasks_client_key: 'key',
};

/**
 * Insert the project and every record of the archive on `client`, inside the transaction the caller
 * holds, reading the archive to its end. Nothing is visible to anyone until the caller commits; a
 * refusal (a record the database will not hold, or the reader's) leaves the caller to roll back.
 */
export async function writeArchive(
  client: pg.ClientBase,
  archive: OpenedArchive,
  projectId: string,
): Promise<ArchiveCounts> {
  const header = archive.header.record;
  const q: Query = async (sql, params) => (await client.query(sql, params)).rows as never;
  await insertProject(client, header, projectId);
  const counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  for await (const batch of archive.batches)
    for (const group of byKind(batch)) {
      try {
        await insertGroup(q, projectId, group, counts);
      } catch (err) {
        throw refusal(err, group) ?? err;
      }
    }
  await finish(client, header, projectId);
  return counts;
}

async function insertProject(client: pg.ClientBase, header: HeaderRecord, projectId: string): Promise<void> {
  const p = header.project;
  // A project of that id committed meanwhile (or being imported: this waits for it) refuses the row.
  const { rowCount } = await client.query(
    `INSERT INTO projects (id, name, created_at, settings) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [projectId, p.name, p.created_at, toJson(p.settings)],
  );
  if (rowCount === 0) throw taken(projectId);
  await client.query('INSERT INTO project_counters (project_id) VALUES ($1)', [projectId]);
}

export function taken(id: string, name?: string): ApiError {
  return new ApiError(
    'conflict',
    `A project with id ${id}${name ? ` (${name})` : ''} exists already on this server; import it with a new id (\`cpk import --new-id\`, \`new_id=true\`) to make a copy`,
  );
}

/** Consecutive records of one kind (a batch may cross from one section into the next). */
function byKind(batch: ArchiveItem<EntityRecord>[]): ArchiveItem<EntityRecord>[][] {
  const groups: ArchiveItem<EntityRecord>[][] = [];
  let current: ArchiveItem<EntityRecord>[] = [];
  for (const item of batch) {
    if (current.length > 0 && current[0]!.record.kind !== item.record.kind) {
      groups.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function insertGroup(
  q: Query,
  projectId: string,
  group: ArchiveItem<EntityRecord>[],
  counts: ArchiveCounts,
): Promise<void> {
  const records = group.map((g) => g.record);
  const kind = records[0]?.kind;
  if (kind === 'task') {
    const rows = records.map((r) => taskInsert(r as Extract<EntityRecord, { kind: 'task' }>));
    await insertTaskRows(q, projectId, rows);
    counts.tasks += rows.length;
  } else if (kind === 'doc') {
    const rows = records.map((r) => docInsert(r as Extract<EntityRecord, { kind: 'doc' }>));
    await q(
      `INSERT INTO docs (project_id, number, type, title, body, section, tags, author, created_at, updated_at)
       SELECT $1, r.* FROM json_to_recordset($2::json) AS r(number int, type text, title text, body text,
         section text, tags text[], author text, created_at timestamptz, updated_at timestamptz)`,
      [projectId, toJson(rows)],
    );
    counts.docs += rows.length;
  } else if (kind === 'agent') {
    await q(
      `INSERT INTO agents (project_id, name, created_at, last_seen)
       SELECT $1, r.name, r.created_at, r.last_seen
       FROM json_to_recordset($2::json) AS r(name text, created_at timestamptz, last_seen timestamptz)`,
      [projectId, toJson(records)],
    );
    counts.agents += records.length;
  } else if (kind === 'event') {
    await q(
      `INSERT INTO events (project_id, seq, type, entity_id, actor, payload, created_at)
       SELECT $1, r.id, r.type, r.entity_id, r.actor, coalesce(r.payload, 'null'::json), r.created_at
       FROM json_to_recordset($2::json)
         AS r(id bigint, type text, entity_id text, actor text, payload json, created_at timestamptz)`,
      [projectId, toJson(records)],
    );
    counts.events += records.length;
  }
}

/**
 * The archive's columns, named: a column the archive does not carry takes its default (the import's
 * own statement, so that a column added for the live writes does not silently expect a value here).
 */
async function insertTaskRows(q: Query, projectId: string, rows: Record<string, unknown>[]): Promise<void> {
  await q(
    `INSERT INTO tasks (project_id, number, id, title, description, status, priority, assignee, epic, tags,
       capabilities, depends_on, acceptance_criteria, context_refs, verify, notes, deps_met, blocker_reason,
       attempts, lapses, client_key, lease_expires_at, lease_seconds, created_at, updated_at, started_at,
       completed_at, files, verify_result)
     SELECT $1, r.* FROM json_to_recordset($2::json) AS r(number int, id text, title text, description text,
       status text, priority text, assignee text, epic text, tags text[], capabilities text[], depends_on int[],
       acceptance_criteria text[], context_refs text[], verify text, notes json, deps_met boolean,
       blocker_reason text, attempts int, lapses int, client_key text, lease_expires_at timestamptz,
       lease_seconds int, created_at timestamptz, updated_at timestamptz, started_at timestamptz,
       completed_at timestamptz, files text[], verify_result json)`,
    [projectId, toJson(rows)],
  );
  // A live claim's files are held again, as its pickup held them.
  for (const r of rows)
    if (r.status === 'in-progress' && r.assignee && (r.files as string[]).length > 0)
      await setClaimFiles(q, projectId, r.number as number, r.files as string[]);
  await q(
    `INSERT INTO task_deps (project_id, task_number, depends_on_number)
     SELECT DISTINCT $1, r.number, d.n FROM json_to_recordset($2::json) AS r(number int, depends_on int[])
     CROSS JOIN LATERAL unnest(r.depends_on) AS d(n)`,
    [projectId, toJson(rows.map((r) => ({ number: r.number, depends_on: r.depends_on })))],
  );
}

/** What the rows imply: pending dependency counts (the claim index reads them) and the counters. */
async function finish(client: pg.ClientBase, header: HeaderRecord, projectId: string): Promise<void> {
  await client.query(
    `UPDATE tasks t SET deps_pending = p.n
     FROM (SELECT d.task_number, count(*)::int AS n FROM task_deps d
           JOIN tasks x ON x.project_id = d.project_id AND x.number = d.depends_on_number
           WHERE d.project_id = $1 AND x.status <> ALL($2::text[]) GROUP BY d.task_number) p
     WHERE t.project_id = $1 AND t.number = p.task_number`,
    [projectId, [...SATISFYING_STATUSES]],
  );
  await client.query(
    `UPDATE project_counters SET next_task_number = $2, next_doc_number = $3,
       last_event_seq = (SELECT coalesce(max(seq), 0) FROM events WHERE project_id = $1)
     WHERE project_id = $1`,
    [projectId, header.project.next_task_number, header.project.next_doc_number],
  );
}

/**
 * A record the database refused, named by its line where that can be told: a duplicate names the
 * later line holding the value; a value out of PostgreSQL's range (a date past its calendar) names
 * the lines of the group.
 */
function refusal(err: unknown, group: ArchiveItem<EntityRecord>[]): ApiError | undefined {
  const e = err as { code?: unknown; constraint?: unknown; detail?: unknown; message?: unknown };
  const first = group[0];
  if (!first) return undefined;
  if (e.code === '23505') {
    const field = FIELD_OF_CONSTRAINT[String(e.constraint)] ?? String(e.constraint ?? '');
    const detail = String(e.detail ?? '');
    const archiveField = field === 'key' ? 'key' : field;
    const hit = [...group]
      .reverse()
      .find((g) => detail.includes(`, ${String((g.record as unknown as Record<string, unknown>)[archiveField])})`));
    const at = hit ?? first;
    const value = (at.record as unknown as Record<string, unknown>)[archiveField];
    return lineError(
      at.line,
      archiveField,
      `${JSON.stringify(value)} is already the ${archiveField} of an earlier ${at.record.kind} line`,
    );
  }
  if (typeof e.code === 'string' && e.code.startsWith('22')) {
    const last = group[group.length - 1] ?? first;
    const where = last.line === first.line ? `${first.line}` : `${first.line}-${last.line}`;
    return lineError(first.line, '', `a value PostgreSQL cannot store, in lines ${where} (${String(e.message)})`);
  }
  return undefined;
}
