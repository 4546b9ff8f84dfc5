import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src/db/sqlite/database.js';
import { listEvents, type NewEvent, WriteContext } from '../../../src/db/sqlite/events.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(() => removeTempDirs());

const NOW = '2026-12-01T22:30:00.000Z';
const events = (n: number, from = 0): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'task.created',
    entity_id: `task-${from + i}`,
    actor: i % 2 ? 'alice' : 'bob',
    payload: { task_number: `T-${from + i}`, tags: ['a'], note: i === 7 ? null : 'x' },
  }));

describe('recording many events at once', () => {
  it('writes them in order with the ids the table gave them, as one by one would', () => {
    const db = openDatabase(join(tempDir('cpk-events-'), 'data.db'));
    try {
      // One before, so the batch does not start at id 1; 250 = two full statements and 50 alone.
      db.transaction(() =>
        new WriteContext(db, NOW).record({ type: 'project.updated', entity_id: 'p', actor: 'h', payload: null }),
      )();
      const ctx = new WriteContext(db, NOW);
      db.transaction(() => {
        ctx.recordAll(events(250));
        ctx.recordAll(events(3, 250));
        ctx.recordAll([]);
      })();
      const stored = listEvents(db, { after: 1, limit: 1000 });
      expect(stored).toHaveLength(253);
      expect(ctx.events).toEqual(stored);
      expect(stored.map((e) => e.id)).toEqual(Array.from({ length: 253 }, (_, i) => i + 2));
      expect(stored.map((e) => e.entity_id)).toEqual(Array.from({ length: 253 }, (_, i) => `task-${i}`));
      expect(stored[7]?.payload).toEqual({ task_number: 'T-7', tags: ['a'], note: null });
      expect(stored[0]?.created_at).toBe(NOW);
    } finally {
      db.close();
    }
  });
});
