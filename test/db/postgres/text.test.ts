import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ApiError } from '../../../src/core/errors.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import { PostgresCatalog } from '../../../src/db/postgres/catalog.js';
import { toJson } from '../../../src/db/postgres/json.js';
import { testCluster, useTestDatabase } from '../../helpers/postgres.js';

/** Text PostgreSQL cannot hold as given: a clear answer or a faithful stand-in, never a 500. */
describe.skipIf(!testCluster())('text PostgreSQL is strict about', () => {
  const db = useTestDatabase('text');
  let catalog: PostgresCatalog;
  let s: ProjectStore;
  beforeAll(async () => {
    catalog = await PostgresCatalog.open(db.url(), systemClock);
    s = await catalog.open((await catalog.createHosted({ name: 'text' })).project.id);
  });
  afterAll(() => catalog?.close());

  it('a lone surrogate becomes U+FFFD in text and JSON alike, the write goes through', async () => {
    const [t] = await s.tasks.create(
      [{ title: 'a\uD800b', description: 'x\uDC00', acceptance_criteria: ['\uD83D'], tags: ['t\uDFFF'] }],
      'ann',
    );
    const noted = await s.tasks.addNote(t!.task_number, { author: 'ann', text: 'n\uD800' });
    expect(noted.notes[0]?.text).toBe('n\uD800');
    const stored = await s.tasks.get(t!.task_number);
    expect(stored).toMatchObject({
      title: 'a\uFFFDb',
      description: 'x\uFFFD',
      acceptance_criteria: ['\uFFFD'],
      tags: ['t\uFFFD'],
    });
    expect(stored.notes[0]?.text).toBe('n\uFFFD');
    const events = await s.events.list({ limit: 10, type: 'task.note' });
    expect(events[0]?.payload).toMatchObject({ text: 'n\uFFFD' });
    const doc = await s.docs.create({ type: 'learning', title: 'd\uD800', body: 'b\uDC00ody', tags: [] }, 'ann');
    expect((await s.docs.get(doc.id)).body).toBe('b\uFFFDody');
  });

  it('a NUL character is refused with 400 naming it, and nothing is written', async () => {
    const before = await s.events.latestId();
    for (const write of [
      () => s.tasks.create([{ title: 'nul', description: 'a\u0000b' }], 'ann'),
      () => s.tasks.create([{ title: 'nul', acceptance_criteria: ['a\u0000'] }], 'ann'),
      () => s.tasks.addNote('T-001', { author: 'ann', text: 'a\u0000b' }),
    ]) {
      const err = await write().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({
        code: 'validation_error',
        status: 400,
        message: 'Text must not contain NUL characters',
      });
    }
    expect(await s.events.latestId()).toBe(before);
  });

  it('a text that only reads like an escaped surrogate is kept as it is; surrogate pairs are kept', () => {
    const value = { plain: 'no \\ud800 here', pair: 'smile \uD83D\uDE00', lone: ['x\uD800', { deep: '\uDFFFy' }] };
    expect(JSON.parse(toJson(value))).toEqual({
      plain: 'no \\ud800 here',
      pair: 'smile \uD83D\uDE00',
      lone: ['x\uFFFD', { deep: '\uFFFDy' }],
    });
    expect(toJson({ a: 'plain', n: 1 })).toBe('{"a":"plain","n":1}');
  });
});
