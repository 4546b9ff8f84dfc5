import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { type EventBatch, LiveFeeds } from '../../src/core/live-feed.js';
import { pickupTask } from '../../src/core/pickup-wait.js';
import type { EventRecord } from '../../src/core/types.js';
import { SqliteCatalog } from '../../src/db/sqlite/catalog.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

let catalog: SqliteCatalog;
let feeds: LiveFeeds;
let projectId: string;
let folder: string;

beforeEach(async () => {
  catalog = new SqliteCatalog(tempDir('cpk-data-'), systemClock);
  feeds = new LiveFeeds(catalog, { pollMs: 20 });
  folder = tempDir('cpk-project-');
  projectId = (await catalog.register({ name: 'feed', path: folder })).project.id;
});

const listening: { unsubscribe(): void }[] = [];

afterEach(async () => {
  for (const s of listening.splice(0)) s.unsubscribe();
  await catalog.close();
  removeTempDirs();
});

/** Every event the feed delivers to one listener, and a way to wait for one of a type. */
function listen() {
  const seen: EventRecord[] = [];
  const waiters: (() => void)[] = [];
  const subscription = feeds.subscribe(projectId, {
    batch: (b: EventBatch) => {
      seen.push(...b.events);
      for (const wake of waiters.splice(0)) wake();
    },
    failed: (err) => {
      failure = err;
    },
  });
  let failure: unknown;
  void subscription.then((s) => listening.push(s));
  const until = async (predicate: (e: EventRecord) => boolean, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!seen.some(predicate)) {
      if (failure) throw failure;
      if (Date.now() > deadline) throw new Error(`not delivered; saw ${seen.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return seen.find(predicate)!;
  };
  return { seen, subscription, until };
}

describe('live feed over the catalog', () => {
  it("delivers the store's own commits, hinted by store.subscribe, in log order", async () => {
    const { subscription, until, seen } = listen();
    await subscription;
    const store = await catalog.open(projectId);
    await store.tasks.create([{ title: 'one' }, { title: 'two' }], 'human');
    await until((e) => e.type === 'task.created' && (e.payload as { title?: string }).title === 'two');
    const ids = seen.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('delivers commits of another connection (another process), found by the outside-commit mark', async () => {
    const { subscription, until } = listen();
    const head = (await subscription).head;
    const other = new Database(join(folder, '.codepakt', 'data.db'));
    other
      .prepare(
        "INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES ('doc.created', 'D-9', 'x', 'null', ?)",
      )
      .run(new Date().toISOString());
    other.close();
    const event = await until((e) => e.entity_id === 'D-9');
    expect(event.id).toBeGreaterThan(head);
  });

  it('follows the project when its file is replaced (a restored backup) and the store reopened', async () => {
    const { subscription, until } = listen();
    await subscription;
    const first = await catalog.open(projectId);
    await first.tasks.create([{ title: 'before' }], 'human');
    await until((e) => (e.payload as { title?: string }).title === 'before');

    const file = join(folder, '.codepakt', 'data.db');
    const copy = join(tempDir('cpk-backup-'), 'data.db');
    const db = new Database(file);
    db.prepare('VACUUM INTO ?').run(copy);
    db.close();
    copyFileSync(copy, `${file}.restored`);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(`${file}.restored`, file);

    // A read checks the file: the store is reopened over the restored one.
    const second = await catalog.open(projectId);
    expect(second).not.toBe(first);
    await second.tasks.create([{ title: 'after restore' }], 'human');
    await until((e) => (e.payload as { title?: string }).title === 'after restore');
  });
});

describe('pickupTask', () => {
  it('waits for work: a task created during the wait is claimed', async () => {
    const store = await catalog.open(projectId);
    const waiting = pickupTask(store, feeds, { agent: 'a1' }, { ms: 5000, signal: new AbortController().signal });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await store.tasks.create([{ title: 'late work' }], 'human');
    const { task } = await waiting;
    expect(task).toMatchObject({ title: 'late work', status: 'in-progress', assignee: 'a1' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('without a wait, or claiming one given task, answers at once; an aborted wait ends with nothing', async () => {
    const store = await catalog.open(projectId);
    expect((await pickupTask(store, feeds, { agent: 'a1' })).task).toBeNull();
    const abort = new AbortController();
    const started = Date.now();
    expect(
      await pickupTask(store, feeds, { agent: 'a1', task_ref: 'T-001' }, { ms: 5000, signal: abort.signal }).catch(
        (err: { code?: string }) => err.code,
      ),
    ).toBe('task_not_found');
    const waiting = pickupTask(store, feeds, { agent: 'a1' }, { ms: 5000, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    expect((await waiting).task).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
