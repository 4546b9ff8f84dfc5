import { describe, expect, it } from 'vitest';
import { encodeArchive } from '../../src/core/archive/encode.js';
import type { EntityRecord, HeaderRecord, TaskRecord } from '../../src/core/archive/format.js';
import { type LineLimits, LineSplitter } from '../../src/core/archive/lines.js';
import { openArchive } from '../../src/core/archive/reader.js';
import { SortedNumbers } from '../../src/core/archive/sorted-numbers.js';
import { ApiError } from '../../src/core/errors.js';

/** The archive format's pure parts: splitting, checking each line, checking the whole, encoding. */

const enc = new TextEncoder();
async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? enc.encode(p) : p;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
/** Every line of the chunks, as the splitter finds them. */
async function splitLines(parts: AsyncIterable<Uint8Array>, limits: LineLimits) {
  const splitter = new LineSplitter(limits);
  const out = [];
  for await (const chunk of parts) out.push(...splitter.push(chunk));
  return [...out, ...splitter.end()];
}
const limits = { maxLineBytes: 64, maxTotalBytes: 1000 };

const header: HeaderRecord = {
  kind: 'header',
  format: 'codepakt-archive',
  version: 1,
  project: {
    id: 'p1',
    name: 'demo',
    created_at: '2026-01-01T00:00:00.000Z',
    settings: { lease_seconds: 3600, max_attempts: 3 },
    next_task_number: 3,
    next_doc_number: 1,
  },
};
const task = (n: number, extra: Partial<TaskRecord> = {}): TaskRecord => ({
  kind: 'task',
  id: `id-${n}`,
  task_number: `T-${String(n).padStart(3, '0')}`,
  title: `task ${n}`,
  description: '',
  status: 'open',
  priority: 'P1',
  assignee: null,
  epic: null,
  tags: [],
  capabilities: [],
  depends_on: [],
  deps_met: true,
  acceptance_criteria: [],
  context_refs: [],
  verify: null,
  notes: [],
  blocker_reason: null,
  pickups: 0,
  lapses: 0,
  key: null,
  lease_expires_at: null,
  lease_seconds: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  started_at: null,
  completed_at: null,
  ...extra,
});

async function encoded(records: (HeaderRecord | EntityRecord)[]): Promise<string> {
  return (await collect(encodeArchive(chunks2([records.slice(0, 1), records.slice(1)])))).join('');
}
async function* chunks2<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Read a whole archive's text; resolves with the entities, or rejects with the refusal. */
async function read(text: string | Uint8Array[]) {
  const archive = await openArchive(Array.isArray(text) ? chunks(...text) : chunks(text));
  return (await collect(archive.batches)).flat();
}
async function refusal(text: string): Promise<{ message: string; path: string | undefined; code: string }> {
  try {
    await read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    return { message: e.message, path: e.details?.[0]?.path, code: e.code };
  }
  throw new Error('not refused');
}

describe('LineSplitter', () => {
  it('finds lines across chunk boundaries, in UTF-8 split mid-character, with \\r\\n and without a last newline', async () => {
    const euro = enc.encode('€'); // three bytes
    const lines = await splitLines(chunks('ab', 'c\r\nd', euro.subarray(0, 1), euro.subarray(1), '\n\nlast'), limits);
    expect(lines).toEqual([
      { number: 1, text: 'abc' },
      { number: 2, text: 'd€' },
      { number: 3, text: '' },
      { number: 4, text: 'last' },
    ]);
  });

  it('refuses a line over the limit, bytes that are not UTF-8, and a stream over the total', async () => {
    await expect(splitLines(chunks('ok\n', 'x'.repeat(65), '\n'), limits)).rejects.toThrow(
      /^line 2: longer than 64 bytes/,
    );
    await expect(splitLines(chunks('x'.repeat(40), 'y'.repeat(40)), limits)).rejects.toThrow(/^line 1: longer/);
    await expect(splitLines(chunks('ok\n', new Uint8Array([0xff, 10])), limits)).rejects.toThrow(
      /^line 2: not valid UTF-8/,
    );
    const big = () => splitLines(chunks(...Array.from({ length: 30 }, () => 'abcdefghi\n'.repeat(4))), limits);
    await expect(big()).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});

describe('SortedNumbers', () => {
  it('answers membership for numbers added in increasing order, past its first capacity', () => {
    const s = new SortedNumbers();
    for (let n = 1; n <= 5000; n += 2) s.add(n);
    expect(s.has(1)).toBe(true);
    expect(s.has(4999)).toBe(true);
    expect(s.has(2)).toBe(false);
    expect(s.has(5001)).toBe(false);
    expect(s.has(0)).toBe(false);
  });
});

describe('encode and read', () => {
  it('round-trips records: the encoding of what was read is the same text', async () => {
    const records: (HeaderRecord | EntityRecord)[] = [
      header,
      { kind: 'agent', name: 'a', created_at: '2026-01-01T00:00:00.000Z', last_seen: '2026-01-01T00:00:01.000Z' },
      task(1, { notes: [{ author: 'a', text: 'n', created_at: '2026-01-01T00:00:00Z' }] }),
      task(2, { depends_on: ['T-001'] }),
      {
        kind: 'event',
        id: 4,
        type: 'x',
        entity_id: 'e',
        actor: 'a',
        payload: { n: [1, 'two'] },
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ];
    const text = await encoded(records);
    expect(text.split('\n').at(-2)).toBe('{"kind":"trailer","counts":{"agents":1,"tasks":2,"docs":0,"events":1}}');
    const archive = await openArchive(chunks(text));
    const entities = (await collect(archive.batches)).flat();
    expect(await encoded([archive.header.record, ...entities.map((e) => e.record)])).toBe(text);
    expect(entities.map((e) => e.line)).toEqual([2, 3, 4, 5]);
  });

  it('refuses, naming the line and field: order, duplicates, dangling and forward dependencies, counts, truncation', async () => {
    const base = (body: (HeaderRecord | EntityRecord)[]) => encoded([header, ...body]);
    const cases: [string, Promise<string>, string | RegExp][] = [
      ['task order', base([task(2), task(1)]), 'line 3.task_number'],
      [
        'section order',
        base([
          task(1),
          { kind: 'agent', name: 'a', created_at: header.project.created_at, last_seen: header.project.created_at },
        ]),
        'line 3.kind',
      ],
      ['dangling', base([task(1, { depends_on: ['T-007'] })]), 'line 2.depends_on[0]'],
      ['dangling forward', base([task(1, { depends_on: ['T-002'] }), task(3)]), 'line 2.depends_on[0]'],
      ['next number', base([task(1), task(5)]), 'line 1.project.next_task_number'],
      ['bad timestamp', base([task(1, { created_at: 'yesterday' })]), 'line 2.created_at'],
      ['bad number', base([task(1, { task_number: 'T-0001' })]), 'line 2.task_number'],
      [
        'note',
        base([
          task(1, { notes: [{ author: 'a', text: 5 as unknown as string, created_at: header.project.created_at }] }),
        ]),
        'line 2.notes[0].text',
      ],
    ];
    for (const [name, text, path] of cases) expect((await refusal(await text)).path, name).toBe(path);

    const good = await base([task(1), task(2, { depends_on: ['T-001'] })]);
    const [h, t1, t2, trailer] = good.trimEnd().split('\n') as [string, string, string, string];
    expect((await refusal(`${h}\n${t1}\n`)).message).toMatch(
      /^line 3: the archive ends after line 2 without its trailer/,
    );
    expect((await refusal(`${h}\n${t1}\n${trailer}\n`)).path).toBe('line 3.counts.tasks');
    expect((await refusal(`${h}\n${t1}\n${t2}\n${trailer}\n${t2}\n`)).message).toMatch(/^line 5: nothing may follow/);
    expect((await refusal(`${h}\n${t1}\n\n${t2}\n${trailer}\n`)).message).toMatch(/^line 3: an empty line/);
    expect((await refusal(`${h}\n${t1.replace('"title"', '"colour":1,"title"')}\n`)).path).toBe('line 2.colour');
    expect((await refusal(`${h}\n${t1.slice(0, 30)}`)).message).toMatch(/^line 2: not valid JSON/);
    expect((await refusal(`${h}\n${h}\n`)).message).toMatch(/^line 2.kind: a second header/);
    expect((await refusal('[1,2]\n')).path).toBe('line 1');
    expect((await refusal('{"kind":"header"}\n')).message).toMatch(/this is not a codepakt archive/);
    expect((await refusal(h.replace('"version":1', '"version":2'))).path).toBe('line 1.version');
    expect((await refusal('')).message).toMatch(/^line 1: the archive is empty/);
    // Accepted as it is: a self-dependency and a dependency on a later task.
    await expect(
      read(await base([task(1, { depends_on: ['T-002'] }), task(2, { depends_on: ['T-002'] })])),
    ).resolves.toHaveLength(2);
  });
});
