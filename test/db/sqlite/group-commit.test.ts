import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, setup } from './group-commit-setup.js';

// Group commit is how the server meets its pickup budget with synchronous=FULL: these tests hold it
// to the guarantees of one-transaction-per-write (atomic, durable before acknowledged, serial).

afterEach(closeAll);

describe('group commit', () => {
  it('writes submitted together share one commit, and each is durable (visible to another connection) when it resolves', async () => {
    const s = setup();
    const visibleAtResolve: number[][] = [];
    const writes = Array.from({ length: 16 }, (_, i) =>
      s.group
        .submit(
          () => s.insert(i + 1),
          () => undefined,
        )
        .then(() => visibleAtResolve.push(s.seenByOther())),
    );
    await Promise.all(writes);
    expect(s.commits()).toBe(1);
    expect(s.seenByOther()).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const seen of visibleAtResolve) expect(seen).toHaveLength(16);
  });

  it('runs the after-commit callback only once the data is committed', async () => {
    const s = setup();
    let seenInCallback: number[] = [];
    await s.group.submit(
      () => s.insert(7),
      () => (seenInCallback = s.seenByOther()),
    );
    expect(seenInCallback).toEqual([7]);
  });

  it('a write that throws is rolled back and rejects alone; the rest of its group commits', async () => {
    const s = setup();
    const ok1 = s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    const bad = s.group.submit(
      () => {
        s.insert(2);
        throw new Error('refused after writing');
      },
      () => {
        throw new Error('must not run for a failed write');
      },
    );
    const dup = s.group.submit(
      () => s.insert(1),
      () => undefined,
    ); // primary key clash with ok1
    const ok3 = s.group.submit(
      () => s.insert(3),
      () => undefined,
    );
    await expect(ok1).resolves.toBeDefined();
    await expect(bad).rejects.toThrow('refused after writing');
    await expect(dup).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await expect(ok3).resolves.toBeDefined();
    // Tried together first; on the failure, redone write by write in savepoints: one commit in the end.
    expect(s.commits()).toBe(1);
    expect(s.rollbacks()).toBe(1);
    expect(s.seenByOther()).toEqual([1, 3]);
  });

  it('when every write of a group succeeds, nothing is redone', async () => {
    const s = setup();
    const runs = new Map<number, number>();
    const write = (k: number) => () => {
      runs.set(k, (runs.get(k) ?? 0) + 1);
      return s.insert(k);
    };
    await Promise.all([1, 2, 3].map((k) => s.group.submit(write(k), () => undefined)));
    expect([...runs.values()]).toEqual([1, 1, 1]);
    expect(s.rollbacks()).toBe(0);
  });

  it('a write alone in its group that throws runs once and commits nothing', async () => {
    const s = setup();
    let runs = 0;
    const lone = s.group.submit(
      () => {
        runs++;
        s.insert(5);
        throw new Error('no');
      },
      () => undefined,
    );
    await expect(lone).rejects.toThrow('no');
    expect(runs).toBe(1);
    expect(s.commits()).toBe(0);
    expect(s.seenByOther()).toEqual([]);
  });

  it('writes run in submission order, each seeing the ones before it', async () => {
    const s = setup();
    const next = () => {
      const { n } = s.db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number };
      s.insert(n + 1);
      return n + 1;
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => s.group.submit(next, () => undefined)));
    expect(results).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('a group holds at most maxGroup writes; later ones go to the next commit', async () => {
    const s = setup({ maxGroup: 4 });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.group.submit(
          () => s.insert(i + 1),
          () => undefined,
        ),
      ),
    );
    expect(s.commits()).toBe(3);
    expect(s.seenByOther()).toHaveLength(10);
  });

  it('a write submitted after a group has started waits for the next one', async () => {
    const s = setup();
    await s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    await s.group.submit(
      () => s.insert(2),
      () => undefined,
    );
    expect(s.commits()).toBe(2);
  });

  it('waits for another connection to release the write lock, then commits', async () => {
    const s = setup();
    s.other.prepare('BEGIN IMMEDIATE').run();
    s.other.prepare('INSERT INTO t (k, v) VALUES (100, ?)').run('theirs');
    const mine = s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 150));
    s.other.prepare('COMMIT').run();
    await expect(mine).resolves.toBeDefined();
    expect(s.seenByOther()).toEqual([1, 100]);
  });

  it('gives up with project_unavailable when the lock is held past the wait', async () => {
    const s = setup({ lockWaitMs: 200 });
    s.other.prepare('BEGIN IMMEDIATE').run();
    const mine = s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    await expect(mine).rejects.toMatchObject({ code: 'project_unavailable' });
    s.other.prepare('ROLLBACK').run();
    expect(s.seenByOther()).toEqual([]);
  });

  it('a write that makes SQLite abandon the whole transaction fails alone; the others still commit', async () => {
    const s = setup();
    // A database that cannot grow: the big write fails with SQLITE_FULL.
    const pages = s.db.pragma('page_count', { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages + 2}`);
    const small = s.group.submit(
      () => s.insert(1),
      () => undefined,
    );
    const huge = s.group.submit(
      () => s.insert(2, 'x'.repeat(1_000_000)),
      () => undefined,
    );
    const after = s.group.submit(
      () => s.insert(3),
      () => undefined,
    );
    await expect(huge).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    await expect(small).resolves.toBeDefined();
    await expect(after).resolves.toBeDefined();
    expect(s.seenByOther()).toEqual([1, 3]);
  });

  it('rejects every write of a group when the database is gone', async () => {
    const s = setup();
    s.db.close();
    await expect(
      s.group.submit(
        () => 1,
        () => undefined,
      ),
    ).rejects.toThrow(/not open/);
  });
});
