/** One archive line, checked field by field, as a record with its fields in the archive's order. */
import { formatDocNumber, formatTaskNumber, parseDocNumber, parseTaskNumber } from '../rules/numbering.js';
import { globProblem } from '../rules/globs.js';
import { DOC_TYPES, type Note, PRIORITIES, TASK_STATUSES, type VerifyResult } from '../types.js';
import { Fields, lineError } from './fields.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type AgentRecord,
  type DocRecord,
  type EventRecordLine,
  type HeaderRecord,
  type TaskRecord,
  type TrailerRecord,
} from './format.js';

const NAME = { min: 1 };
const ID = { min: 1, max: 200 };

export function parseHeader(line: number, value: unknown): HeaderRecord {
  const f = Fields.of(line, value);
  const format = f.raw('format');
  if (format !== ARCHIVE_FORMAT)
    f.fail(
      'format',
      format === undefined
        ? `Required: this is not a codepakt archive (its first line must be {"kind":"header","format":"${ARCHIVE_FORMAT}",…})`
        : `must be "${ARCHIVE_FORMAT}", not ${JSON.stringify(format)}: this is not a codepakt archive`,
    );
  f.exactly('kind', 'header', (v) => `must be "header" on the first line, not ${JSON.stringify(v)}`);
  f.exactly(
    'version',
    ARCHIVE_VERSION,
    (v) => `${JSON.stringify(v)} is not a version this server reads (it reads version ${ARCHIVE_VERSION})`,
  );
  const p = f.object('project');
  const s = p.object('settings');
  const project = {
    id: p.string('id', ID),
    name: p.string('name', { min: 1, max: 100 }),
    created_at: p.timestamp('created_at'),
    settings: {
      lease_seconds: s.integer('lease_seconds', 1, 7 * 24 * 3600),
      max_attempts: s.integer('max_attempts', 1, 100),
    },
    next_task_number: p.integer('next_task_number', 1, 999_999_999),
    next_doc_number: p.integer('next_doc_number', 1, 999_999_999),
  };
  s.done();
  p.done();
  f.done();
  return { kind: 'header', format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, project };
}

export function parseAgent(f: Fields): AgentRecord {
  const record: AgentRecord = {
    kind: 'agent',
    name: f.string('name', NAME),
    created_at: f.timestamp('created_at'),
    last_seen: f.timestamp('last_seen'),
  };
  f.done();
  return record;
}

/** `T-001`, written as the store writes it (three digits at least, no extra zeros). */
function taskNumber(f: Fields, field: string, value: unknown): number {
  const n = typeof value === 'string' ? parseTaskNumber(value) : null;
  if (n === null || n < 1 || formatTaskNumber(n) !== value)
    f.fail(field, `${JSON.stringify(value)} is not a task number like T-001`);
  return n;
}

export function parseTask(f: Fields): { record: TaskRecord; number: number; deps: number[] } {
  const id = f.string('id', ID);
  const raw = f.raw('task_number');
  const number = taskNumber(f, 'task_number', raw);
  const title = f.string('title', { min: 1 });
  const description = f.string('description');
  const status = f.oneOf('status', TASK_STATUSES);
  const priority = f.oneOf('priority', PRIORITIES);
  const assignee = f.nullableString('assignee', NAME);
  const epic = f.nullableString('epic');
  const tags = f.strings('tags');
  const capabilities = f.strings('capabilities');
  const depends_on = f.strings('depends_on');
  const deps = depends_on.map((d, i) => taskNumber(f, `depends_on[${i}]`, d));
  const record: TaskRecord = {
    kind: 'task',
    id,
    task_number: raw as string,
    title,
    description,
    status,
    priority,
    assignee,
    epic,
    tags,
    capabilities,
    depends_on,
    deps_met: f.boolean('deps_met'),
    acceptance_criteria: f.strings('acceptance_criteria'),
    context_refs: f.strings('context_refs'),
    verify: f.nullableString('verify'),
    notes: f.list('notes').map((n, i) => parseNote(f.line, n, `notes[${i}].`)),
    blocker_reason: f.nullableString('blocker_reason'),
    pickups: f.integer('pickups', 0),
    lapses: f.integer('lapses', 0),
    key: f.nullableString('key', ID),
    lease_expires_at: f.nullableTimestamp('lease_expires_at'),
    lease_seconds: f.nullableInteger('lease_seconds', 1),
    created_at: f.timestamp('created_at'),
    updated_at: f.timestamp('updated_at'),
    started_at: f.nullableTimestamp('started_at'),
    completed_at: f.nullableTimestamp('completed_at'),
  };
  if (f.has('files')) record.files = parseArchivedFiles(f);
  if (f.has('verify_result')) record.verify_result = parseVerifyResult(f.object('verify_result'));
  f.done();
  return { record, number, deps };
}

/** A note: author, text and time; further fields a note may carry are kept as they are. */
function parseNote(line: number, value: unknown, prefix: string): Note {
  const n = Fields.of(line, value, prefix);
  const note = { author: n.string('author'), text: n.string('text'), created_at: n.timestamp('created_at') };
  return { ...note, ...n.rest() };
}

export function parseDoc(f: Fields): { record: DocRecord; number: number } {
  const id = f.raw('id');
  const number = typeof id === 'string' ? parseDocNumber(id) : null;
  if (number === null || number < 1 || formatDocNumber(number) !== id)
    f.fail('id', `${JSON.stringify(id)} is not a doc id like D-001`);
  const record: DocRecord = {
    kind: 'doc',
    id: id as string,
    type: f.oneOf('type', DOC_TYPES),
    title: f.string('title', { min: 1 }),
    body: f.string('body'),
    section: f.nullableString('section'),
    tags: f.strings('tags'),
    author: f.nullableString('author'),
    created_at: f.timestamp('created_at'),
    updated_at: f.timestamp('updated_at'),
  };
  f.done();
  return { record, number };
}

export function parseEvent(f: Fields): EventRecordLine {
  const record: EventRecordLine = {
    kind: 'event',
    id: f.integer('id', 1),
    type: f.string('type', { min: 1, max: 200 }),
    entity_id: f.string('entity_id'),
    actor: f.string('actor'),
    payload: f.has('payload') ? f.raw('payload') : f.fail('payload', 'Required (null when the event has none)'),
    created_at: f.timestamp('created_at'),
  };
  f.done();
  return record;
}

export function parseTrailer(f: Fields): TrailerRecord {
  const c = f.object('counts');
  const counts = {
    agents: c.integer('agents', 0),
    tasks: c.integer('tasks', 0),
    docs: c.integer('docs', 0),
    events: c.integer('events', 0),
  };
  c.done();
  f.done();
  return { kind: 'trailer', counts };
}

/** The line as JSON: refused with the line number when it is not. */
export function parseJson(line: number, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw lineError(line, '', `not valid JSON (${(err as Error).message}): a damaged or truncated archive`);
  }
}

function parseArchivedFiles(f: Fields): string[] {
  const files = f.strings('files');
  for (const [i, g] of files.entries()) {
    const problem = globProblem(g);
    if (problem) f.fail(`files[${i}]`, `is not a glob: ${problem}`);
  }
  return files;
}

function parseVerifyResult(v: Fields): VerifyResult {
  const result: VerifyResult = {
    status: v.oneOf('status', ['passed', 'failed', 'timed_out', 'skipped'] as const),
    command: v.nullableString('command'),
    exit_code: v.nullableInteger('exit_code', -1),
    duration_ms: v.nullableInteger('duration_ms', 0),
    output_tail: v.string('output_tail'),
    by: v.string('by'),
    recorded_at: v.timestamp('recorded_at'),
  };
  v.done();
  return result;
}
