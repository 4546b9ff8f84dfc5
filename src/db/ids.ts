import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by it are
 * inserted at the end of their indexes (tasks' primary key, the events-by-entity index) instead of
 * at a random page: with random v4 ids, creating tasks on a board of 100,000 cost several times more
 * because nearly every insert touched an index page that was no longer cached.
 */
export function timeOrderedUuid(ms: number = Date.now()): string {
  const random = randomUUID(); // v4: its variant bits are v7's too; the time replaces its first 48 bits
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/** `count` UUIDv7s of one millisecond, as timeOrderedUuid makes them, the time part written once. */
export function timeOrderedUuids(count: number, ms: number = Date.now()): string[] {
  if (count === 0) return [];
  const first = timeOrderedUuid(ms);
  const prefix = first.slice(0, 15);
  const ids = [first];
  for (let i = 1; i < count; i++) ids.push(prefix + randomUUID().slice(15));
  return ids;
}
