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
import { type Line, type LineLimits, LineSplitter } from './lines.js';
import { parseAgent, parseDoc, parseEvent, parseHeader, parseJson, parseTask, parseTrailer } from './parse.js';
import { SortedNumbers } from './sorted-numbers.js';

export interface ArchiveItem<R> {
  line: number;
  record: R;
}

/** The header, then a reader of the rest: a store decides where the project goes once it knows which it is. */
export interface OpenedArchive {
  header: ArchiveItem<HeaderRecord>;
  /**
   * The rest, checked, a chunk's worth of records at a time (a generator step per chunk, not per line);
   * it ends only once the whole archive has been read and found sound, and throws the refusal otherwise.
   */
  batches: AsyncGenerator<ArchiveItem<EntityRecord>[]>;
}

const DEFAULT_LIMITS: LineLimits = { maxLineBytes: MAX_LINE_BYTES, maxTotalBytes: MAX_ARCHIVE_BYTES };

/** Reads the header line; the rest is read (and checked) as `batches` is iterated to its end. */
export async function openArchive(
  chunks: AsyncIterable<Uint8Array>,
  limits: LineLimits = DEFAULT_LIMITS,
): Promise<OpenedArchive> {
  const source = chunks[Symbol.asyncIterator]();
  const splitter = new LineSplitter(limits);
  let lines: Line[] = [];
  let ended = false;
  try {
    while (lines.length === 0 && !ended) {
      const next = await source.next();
      ended = next.done === true;
      lines = next.done ? splitter.end() : splitter.push(next.value);
    }
    const first = lines[0];
    if (!first) throw lineError(1, '', 'the archive is empty');
    const header = parseHeader(1, parseJson(1, first.text));
    const checker = new ArchiveChecker(header);
    return {
      header: { line: 1, record: header },
      batches: readBatches(source, splitter, checker, lines.slice(1), ended),
    };
  } catch (err) {
    await source.return?.();
    throw err;
  }
}

async function* readBatches(
  source: AsyncIterator<Uint8Array>,
  splitter: LineSplitter,
  checker: ArchiveChecker,
  first: Line[],
  ended: boolean,
): AsyncGenerator<ArchiveItem<EntityRecord>[]> {
  try {
    yield checker.check(first);
    while (!ended) {
      const next = await source.next();
      ended = next.done === true;
      const items = checker.check(next.done ? splitter.end() : splitter.push(next.value));
      if (items.length > 0) yield items;
    }
    checker.finish(splitter.lines);
  } finally {
    if (!ended) await source.return?.();
  }
}

/** Every line after the header, checked alone and against the ones before; then the whole, at the end. */
class ArchiveChecker {
  private readonly counts: ArchiveCounts = { agents: 0, tasks: 0, docs: 0, events: 0 };
  private readonly agents = new Set<string>();
  private readonly tasks = new SortedNumbers();
  /** Dependencies on a task number further on: checked once every task has been read. */
  private readonly forward: { line: number; field: string; number: number }[] = [];
  private section = 0;
  private lastTask = 0;
  private lastTaskLine = 0;
  private lastDoc = 0;
  private lastDocLine = 0;
  private lastEvent = 0;
  private trailerLine = 0;

  constructor(private readonly header: HeaderRecord) {}

  check(lines: Line[]): ArchiveItem<EntityRecord>[] {
    const out: ArchiveItem<EntityRecord>[] = [];
    for (const line of lines) {
      const record = this.entity(line);
      if (record) out.push({ line: line.number, record });
    }
    return out;
  }

  /** The line's record; undefined for the trailer. */
  private entity({ number: line, text }: Line): EntityRecord | undefined {
    if (this.trailerLine) throw lineError(line, '', `nothing may follow the trailer (line ${this.trailerLine})`);
    if (text.trim() === '') throw lineError(line, '', 'an empty line');
    const f = Fields.of(line, parseJson(line, text));
    const kind = f.raw('kind');
    if (kind === 'trailer') {
      const trailer = parseTrailer(f);
      for (const name of Object.keys(this.counts) as (keyof ArchiveCounts)[])
        if (trailer.counts[name] !== this.counts[name])
          throw lineError(
            line,
            `counts.${name}`,
            `the trailer counts ${trailer.counts[name]}, the archive holds ${this.counts[name]}: lines are missing or were added`,
          );
      this.trailerLine = line;
      return undefined;
    }
    const at = SECTIONS.indexOf(kind as Section);
    if (at < 0)
      f.fail(
        'kind',
        kind === 'header'
          ? 'a second header'
          : `must be one of ${[...SECTIONS, 'trailer'].join(', ')}, not ${JSON.stringify(kind)}`,
      );
    if (at < this.section) f.fail('kind', `${kind} lines come before ${SECTIONS[this.section]} lines`);
    this.section = at;
    this.counts[COUNT_OF[kind as Section]]++;

    if (kind === 'agent') {
      const record = parseAgent(f);
      if (this.agents.has(record.name)) f.fail('name', `agent ${JSON.stringify(record.name)} appears twice`);
      this.agents.add(record.name);
      return record;
    }
    if (kind === 'task') {
      const { record, number, deps } = parseTask(f);
      if (number <= this.lastTask)
        f.fail(
          'task_number',
          `${record.task_number} after ${formatTaskNumber(this.lastTask)}: tasks come in increasing number, each once`,
        );
      this.lastTask = number;
      this.lastTaskLine = line;
      this.tasks.add(number);
      deps.forEach((d, i) => {
        if (d >= number) this.forward.push({ line, field: `depends_on[${i}]`, number: d });
        else if (!this.tasks.has(d)) f.fail(`depends_on[${i}]`, `${formatTaskNumber(d)} is not a task of this archive`);
      });
      return record;
    }
    if (kind === 'doc') {
      const { record, number } = parseDoc(f);
      if (number <= this.lastDoc) f.fail('id', `${record.id}: docs come in increasing number, each once`);
      this.lastDoc = number;
      this.lastDocLine = line;
      return record;
    }
    const record = parseEvent(f);
    if (record.id <= this.lastEvent)
      f.fail('id', `${record.id} after ${this.lastEvent}: events come in the log's order, each once`);
    this.lastEvent = record.id;
    return record;
  }

  /** The archive ended after `lastLine` lines: it must have had its trailer, and hold what its lines promise. */
  finish(lastLine: number): void {
    if (!this.trailerLine)
      throw lineError(
        lastLine + 1,
        '',
        `the archive ends after line ${lastLine} without its trailer line: it was cut short (truncated)`,
      );
    for (const dep of this.forward)
      if (!this.tasks.has(dep.number))
        throw lineError(dep.line, dep.field, `${formatTaskNumber(dep.number)} is not a task of this archive`);
    const p = this.header.project;
    if (p.next_task_number <= this.lastTask)
      throw lineError(
        1,
        'project.next_task_number',
        `${p.next_task_number}, but the archive holds ${formatTaskNumber(this.lastTask)} (line ${this.lastTaskLine}): numbering must continue past it`,
      );
    if (p.next_doc_number <= this.lastDoc)
      throw lineError(
        1,
        'project.next_doc_number',
        `${p.next_doc_number}, but the archive holds doc number ${this.lastDoc} (line ${this.lastDocLine}): numbering must continue past it`,
      );
  }
}
