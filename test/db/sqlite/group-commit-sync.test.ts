import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, setup, type Sync } from './group-commit-setup.js';

// Group commit (continued): the WAL flushed off the event loop. Group commit is how the server meets its pickup budget with synchronous=FULL: these tests hold it
// to the guarantees of one-transaction-per-write (atomic, durable before acknowledged, serial).

afterEach(closeAll);

describe('group commit with the WAL flushed off the event loop', () => {
  /** A sync the test completes by hand, so it can look at what is acknowledged in between. */
  function heldSync() {
    const pending: ((err: Error | null) => void)[] = [];
    return {
      sync: ((done) => void pending.push(done)) as Sync,
      pending,
      release: (err: Error | null = null) => pending.shift()?.(err),
    };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('acknowledges a committed write only after the sync that covers it has finished', async () => {
    const held = heldSync();
    const s = setup({ sync: held.sync });
    let acknowledged = false;
    let published = false;
    const write = s.group
      .submit(
        () => s.insert(1),
        () => (published = true),
      )
      .then(() => (acknowledged = true));
    await tick();
    await tick();
    expect(s.seenByOther()).toEqual([1]); // committed…
    expect([acknowledged, published]).toEqual([false, false]); // …but not yet known to be on disk
    expect(held.pending).toHaveLength(1);
    held.release();
    await write;
    expect([acknowledged, published]).toEqual([true, true]);
  });

  it('groups that commit during a sync run meanwhile and share the next sync', async () => {
    const held = heldSync();
    const s = setup({ sync: held.sync, maxGroup: 4 });
    const first = s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    await tick();
    const later = Array.from({ length: 8 }, (_, i) =>
      s.group.submit(
        () => s.insert(i + 2),
        () => undefined,
      ),
    );
    await tick();
    await tick();
    await tick();
    expect(s.seenByOther()).toHaveLength(9); // two more groups committed while the first sync ran
    expect(s.commits()).toBe(3);
    expect(held.pending).toHaveLength(1); // one sync at a time
    held.release();
    await first;
    await tick();
    expect(held.pending).toHaveLength(1); // the writes committed meanwhile: one sync for both groups
    held.release();
    await Promise.all(later);
    expect(held.pending).toHaveLength(0);
  });

  it('a failed sync fails the writes it covered, those waiting, and every later one, as project_unavailable', async () => {
    const held = heldSync();
    const s = setup({ sync: held.sync });
    const covered = s.group.submit(
      () => s.insert(1),
      () => {
        throw new Error('must not publish a write that is not durable');
      },
    );
    await tick();
    const waiting = s.group.submit(
      () => s.insert(2),
      () => undefined,
    );
    await tick();
    held.release(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(covered).rejects.toMatchObject({
      code: 'project_unavailable',
      message: expect.stringMatching(/EIO.*restarted/),
    });
    await expect(waiting).rejects.toMatchObject({ code: 'project_unavailable' });
    await expect(
      s.group.submit(
        () => s.insert(3),
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'project_unavailable' });
    expect(held.pending).toHaveLength(0);
  });
});
