/**
 * Reading an archive: every line checked as it arrives (its JSON, its fields, its place in the order),
 * and the whole checked at the end (the trailer's counts, every dependency naming a task of the
 * archive, numbering past every task). A store writes what this yields and keeps it only once the
 * reading has finished: a damaged archive is refused naming its line and field, and nothing of it stays.
 */
import { formatTaskNumber } from '../rules/numbering.js';
import { Fields, lineError } from './fields.js';
import {
  type ArchiveCounts,
  COUNT_OF,
  type EntityRecord,
  type HeaderRecord,
  MAX_ARCHIVE_BYTES,
  MAX_LINE_BYTES,
  SECTIONS,
  type Section,
} from './format.js';
import { type LineLimits, splitLines } from './lines.js';
import { parseAgent, parseDoc, parseEvent, parseHeader, parseJson, parseTask, parseTrailer } from './parse.js';
import { SortedNumbers } from './sorted-numbers.js';

export interface ArchiveItem<R> {
  line: number;
  record: R;
}

/** The header, then a reader of the rest: a store decides where the project goes once it knows which it is. */
export interface OpenedArchive {
  header: ArchiveItem<HeaderRecord>;
  entities: AsyncGenerator<ArchiveItem<EntityRecord>>;
}

const DEFAULT_LIMITS: LineLimits = { maxLineBytes: MAX_LINE_BYTES, maxTotalBytes: MAX_ARCHIVE_BYTES };

/** Reads the header line; the rest is read (and checked) as `entities` is iterated to its end. */
export async function openArchive(
  chunks: AsyncIterable<Uint8Array>,
  limits: LineLimits = DEFAULT_LIMITS,
): Promise<OpenedArchive> {
  const lines = splitLines(chunks, limits);
  const first = await lines.next();
  if (first.done) throw lineError(1, '', 'the archive is empty');
  const header = parseHeader(1, parseJson(1, first.value.text));
  return { header: { line: 1, record: header }, entities: readEntities(lines, header) };
}

async function* readEntities(
  lines: AsyncGenerator<{ number: number; text: string }>,
  header: HeaderRecord,
): AsyncGenerator<ArchiveItem<EntityRecord>> {
  const counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  const agents = new Set<string>();
  const tasks = new SortedNumbers();
  /** Dependencies on a task number further on: checked once every task has been read. */
  const forward: { line: number; field: string; number: number }[] = [];
  let section = 0;
  let lastTask = 0;
  let lastTaskLine = 0;
  let lastDoc = 0;
  let lastDocLine = 0;
  let lastEvent = 0;
  let lastLine = 1;
  let trailerLine = 0;

  for await (const { number: line, text } of lines) {
    lastLine = line;
    if (trailerLine) throw lineError(line, '', `nothing may follow the trailer (line ${trailerLine})`);
    if (text.trim() === '') throw lineError(line, '', 'an empty line');
    const f = Fields.of(line, parseJson(line, text));
    const kind = f.raw('kind');
    if (kind === 'trailer') {
      const trailer = parseTrailer(f);
      for (const name of Object.keys(counts) as (keyof ArchiveCounts)[])
        if (trailer.counts[name] !== counts[name])
          throw lineError(
            line,
            `counts.${name}`,
            `the trailer counts ${trailer.counts[name]}, the archive holds ${counts[name]}: lines are missing or were added`,
          );
      trailerLine = line;
      continue;
    }
    const at = SECTIONS.indexOf(kind as Section);
    if (at < 0)
      f.fail(
        'kind',
        kind === 'header'
          ? 'a second header'
          : `must be one of ${[...SECTIONS, 'trailer'].join(', ')}, not ${JSON.stringify(kind)}`,
      );
    if (at < section) f.fail('kind', `${kind} lines come before ${SECTIONS[section]} lines`);
    section = at;
    counts[COUNT_OF[kind as Section]]++;

    if (kind === 'agent') {
      const record = parseAgent(f);
      if (agents.has(record.name)) f.fail('name', `agent ${JSON.stringify(record.name)} appears twice`);
      agents.add(record.name);
      yield { line, record };
    } else if (kind === 'task') {
      const { record, number, deps } = parseTask(f);
      if (number <= lastTask)
        f.fail(
          'task_number',
          `${record.task_number} after ${formatTaskNumber(lastTask)}: tasks come in increasing number, each once`,
        );
      lastTask = number;
      lastTaskLine = line;
      tasks.add(number);
      deps.forEach((d, i) => {
        if (d >= number) forward.push({ line, field: `depends_on[${i}]`, number: d });
        else if (!tasks.has(d)) f.fail(`depends_on[${i}]`, `${formatTaskNumber(d)} is not a task of this archive`);
      });
      yield { line, record };
    } else if (kind === 'doc') {
      const { record, number } = parseDoc(f);
      if (number <= lastDoc) f.fail('id', `${record.id}: docs come in increasing number, each once`);
      lastDoc = number;
      lastDocLine = line;
      yield { line, record };
    } else {
      const record = parseEvent(f);
      if (record.id <= lastEvent)
        f.fail('id', `${record.id} after ${lastEvent}: events come in the log's order, each once`);
      lastEvent = record.id;
      yield { line, record };
    }
  }

  if (!trailerLine)
    throw lineError(
      lastLine + 1,
      '',
      `the archive ends after line ${lastLine} without its trailer line: it was cut short (truncated)`,
    );
  for (const dep of forward)
    if (!tasks.has(dep.number))
      throw lineError(dep.line, dep.field, `${formatTaskNumber(dep.number)} is not a task of this archive`);
  const p = header.project;
  if (p.next_task_number <= lastTask)
    throw lineError(
      1,
      'project.next_task_number',
      `${p.next_task_number}, but the archive holds ${formatTaskNumber(lastTask)} (line ${lastTaskLine}): numbering must continue past it`,
    );
  if (p.next_doc_number <= lastDoc)
    throw lineError(
      1,
      'project.next_doc_number',
      `${p.next_doc_number}, but the archive holds doc number ${lastDoc} (line ${lastDocLine}): numbering must continue past it`,
    );
}
