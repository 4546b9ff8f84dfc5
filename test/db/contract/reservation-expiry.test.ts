import { expect, it } from 'vitest';
import type { ProjectStore } from '../../../src/core/ports.js';
import { describeEachBackend } from './backends.js';

/** The `files.*` events of a project, oldest first: type, reservation and actor. */
async function fileEvents(s: ProjectStore): Promise<string[]> {
  const events = await s.events.list({ type: 'files.*', limit: 100 });
  return events.map((e) => `${e.type} ${e.entity_id} ${e.actor}`);
}

describeEachBackend('reservation expiry', (backend) => {
  it('an expired reservation is recorded once (files.expired, by system), by expire() or the next reservation write', async () => {
    const b = backend();
    const s = await b.project();
    const r1 = await s.files.reserve({ agent: 'ann', files: ['docs/**'], ttl_seconds: 10 });
    await s.files.reserve({ agent: 'bob', files: ['src/**'], ttl_seconds: 100 });
    await s.files.reserve({ agent: 'cat', files: ['lib/**'], ttl_seconds: 10 });
    // Released before it expires: its end is the release, never an expiry too.
    expect((await s.files.release({ agent: 'cat' })).map((r) => r.id)).toEqual(['R-3']);
    // Not yet expired: nothing to record.
    b.clock.advance(9);
    expect(await s.files.expire()).toEqual([]);
    b.clock.advance(1);
    const ended = await s.files.expire();
    expect(ended).toEqual([r1]);
    const expired = await s.events.list({ type: 'files.expired', limit: 10 });
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ entity_id: 'R-1', actor: 'system', payload: { ...r1 } });
    // Again, at once and later: already recorded.
    expect(await Promise.all([s.files.expire(), s.files.expire()])).toEqual([[], []]);
    b.clock.advance(100);
    // No expire() call this time: the next reservation write records R-2's end, before its own event.
    const r4 = await s.files.reserve({ agent: 'dan', files: ['src/x.ts'], ttl_seconds: 60 });
    expect(r4.id).toBe('R-4');
    await s.files.release({ agent: 'eve' });
    expect(await s.files.expire()).toEqual([]);
    expect(await fileEvents(s)).toEqual([
      'files.reserved R-1 ann',
      'files.reserved R-2 bob',
      'files.reserved R-3 cat',
      'files.released R-3 cat',
      'files.expired R-1 system',
      'files.expired R-2 system',
      'files.reserved R-4 dan',
    ]);
    expect((await s.files.holds()).map((h) => h.ref)).toEqual(['R-4']);
  });

  it('releasing a reservation that has expired releases nothing and records its expiry, once', async () => {
    const b = backend();
    const s = await b.project();
    await s.files.reserve({ agent: 'ann', files: ['a/**'], ttl_seconds: 5 });
    await s.files.reserve({ agent: 'ann', files: ['b/**'], ttl_seconds: 50 });
    b.clock.advance(5);
    expect((await s.files.release({ agent: 'ann', ids: ['R-1'] })).map((r) => r.id)).toEqual([]);
    expect((await s.files.release({ agent: 'ann' })).map((r) => r.id)).toEqual(['R-2']);
    b.clock.advance(100);
    expect(await s.files.expire()).toEqual([]);
    expect(await fileEvents(s)).toEqual([
      'files.reserved R-1 ann',
      'files.reserved R-2 ann',
      'files.expired R-1 system',
      'files.released R-2 ann',
    ]);
    // Ids go on from the highest ever given, expired and released ones included.
    expect((await s.files.reserve({ agent: 'ann', files: ['c/**'] })).id).toBe('R-3');
  });

  it('many writers finding the same expiry at once record it once', async () => {
    const b = backend();
    const s = await b.project();
    for (let i = 0; i < 5; i++) await s.files.reserve({ agent: `a${i}`, files: [`d${i}/**`], ttl_seconds: 1 });
    b.clock.advance(2);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => s.files.expire()),
      ...Array.from({ length: 4 }, (_, i) => s.files.reserve({ agent: `b${i}`, files: [`e${i}/**`] })),
      ...Array.from({ length: 4 }, (_, i) => s.files.release({ agent: `a${i}` })),
    ]);
    // Each expire() answers only what it ended itself: no reservation twice.
    const ended = results.slice(0, 4).flatMap((r) => (r as { id: string }[]).map((x) => x.id));
    expect(new Set(ended).size).toBe(ended.length);
    const expired = await s.events.list({ type: 'files.expired', limit: 100 });
    expect(expired.map((e) => e.entity_id).sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
    expect(await s.events.list({ type: 'files.released', limit: 100 })).toEqual([]);
  });
});
