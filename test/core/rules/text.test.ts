import { describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/core/archive/reader.js';
import { nulPath } from '../../../src/core/rules/text.js';

describe('nulPath', () => {
  it('names the first string or key holding U+0000, as validation errors name fields', () => {
    expect(nulPath({ title: 'ok', tags: ['a', 'b'] })).toBeUndefined();
    expect(nulPath('a\u0000')).toBe('(root)');
    expect(nulPath({ title: 'ok', tags: ['a', 'b\u0000'] })).toBe('tags.1');
    expect(nulPath([{ title: 'x' }, { notes: [{ text: '\u0000' }] }])).toBe('1.notes.0.text');
    expect(nulPath({ payload: { 'k\u0000': 1 } })).toBe('payload.k\u0000');
    expect(nulPath({ n: 1, b: true, z: null, t: 'tab\tand\u0001' })).toBeUndefined();
  });
});

describe('an archive line with a NUL in text', () => {
  it('is refused naming its line and field, on every store', async () => {
    const header = {
      kind: 'header',
      format: 'codepakt-archive',
      version: 1,
      project: {
        id: 'p1',
        name: 'p',
        created_at: '2026-01-01T00:00:00.000Z',
        settings: { lease_seconds: 60, max_attempts: 3 },
        next_task_number: 1,
        next_doc_number: 1,
      },
    };
    const agent = {
      kind: 'agent',
      name: 'a\u0000b',
      created_at: header.project.created_at,
      last_seen: header.project.created_at,
    };
    const text = `${JSON.stringify(header)}\n${JSON.stringify(agent)}\n`;
    const archive = await openArchive(
      (async function* () {
        yield new TextEncoder().encode(text);
      })(),
    );
    const read = async () => {
      for await (const _ of archive.batches);
    };
    await expect(read()).rejects.toThrow(/line 2\.name: must not contain a NUL character/);
  });
});
