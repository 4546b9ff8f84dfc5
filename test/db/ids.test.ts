import { describe, expect, it } from 'vitest';
import { timeOrderedUuid, timeOrderedUuids } from '../../src/db/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered task ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying the millisecond they were made', () => {
    const ms = Date.UTC(2026, 10, 24, 9, 30, 0, 123);
    const id = timeOrderedUuid(ms);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
  });

  it('sort by creation time across milliseconds, so inserts append to an index', () => {
    const ids = [0, 1, 2, 1000, 86_400_000].map((d) => timeOrderedUuid(1_700_000_000_000 + d));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stay unique within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('come as many at once, each a v7 of that millisecond and all distinct', () => {
    const ms = Date.UTC(2026, 11, 1, 22, 0, 0, 7);
    const ids = timeOrderedUuids(5_000, ms);
    expect(ids).toHaveLength(5_000);
    expect(new Set(ids).size).toBe(5_000);
    for (const id of ids) {
      expect(id).toMatch(UUID_V7);
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
    }
    expect(timeOrderedUuids(0)).toEqual([]);
  });
});
