import { expect, it } from 'vitest';
import type { ProjectStore } from '../../../src/core/ports.js';
import { describeEachBackend, refusal } from './backends.js';

const statuses = async (s: ProjectStore) =>
  Object.fromEntries((await s.tasks.list({ limit: 100 })).tasks.map((t) => [t.task_number, [t.status, t.deps_met]]));

describeEachBackend('dependencies, leases and the log', (backend) => {
  it('dependents resolve on review, fall back when a dependency leaves it, and stop waiting on a cancelled one', async () => {
    const s = await backend().project();
    await s.tasks.create(
      [
        { title: 'a' },
        { title: 'b' },
        { title: 'needs a', depends_on: ['T-001'] },
        { title: 'needs a+b', depends_on: ['T-001', 'T-002'] },
      ],
      'human',
    );
    await s.tasks.pickup({ agent: 'ann', task_ref: 'T-001' });
    await s.tasks.done('T-001', { agent: 'ann' });
    expect(await statuses(s)).toMatchObject({ 'T-003': ['open', true], 'T-004': ['backlog', false] });
    // Picked up now that it is open; rejecting T-001 must not take a started task back to backlog.
    await s.tasks.pickup({ agent: 'bob', task_ref: 'T-003' });
    await s.tasks.reject('T-001', { actor: 'rev', reason: 'no' });
    expect(await statuses(s)).toMatchObject({ 'T-003': ['in-progress', false], 'T-004': ['backlog', false] });
    await s.tasks.done('T-001', { agent: 'ann' });
    await s.tasks.cancel('T-002', { actor: 'human', reason: 'not needed' });
    expect(await statuses(s)).toMatchObject({ 'T-003': ['in-progress', true], 'T-004': ['open', true] });
    expect((await s.tasks.pickup({ agent: 'cid' }))?.task_number).toBe('T-004');
    // A hand-set status counts too: T-001 back to open sends nothing started back, but holds T-005.
    await s.tasks.create([{ title: 'later', depends_on: ['T-001'] }], 'human');
    expect((await s.tasks.get('T-005')).status).toBe('open');
    await s.tasks.update('T-001', { status: 'open' }, 'human');
    expect(await statuses(s)).toMatchObject({ 'T-005': ['backlog', false], 'T-004': ['in-progress', false] });
    expect(await s.tasks.pickup({ agent: 'dan' })).toMatchObject({ task_number: 'T-001' });
    const types = (await s.events.list({ limit: 100, type: 'task.deps_*' })).map((e) => [
      e.type,
      (e.payload as { task_number: string }).task_number,
    ]);
    expect(types).toEqual([
      ['task.deps_met', 'T-003'],
      ['task.deps_unmet', 'T-003'],
      ['task.deps_met', 'T-003'],
      ['task.deps_met', 'T-004'],
      // Dependents in task-number order.
      ['task.deps_unmet', 'T-003'],
      ['task.deps_unmet', 'T-004'],
      ['task.deps_unmet', 'T-005'],
    ]);
  });

  it('a lapsed lease is reclaimed by the next pickup; max_attempts lapses block the task', async () => {
    const s = await backend().project();
    const { clock } = backend();
    await s.updateSettings({ max_attempts: 2, lease_seconds: 10 }, 'human');
    expect(await s.getSettings()).toEqual({ max_attempts: 2, lease_seconds: 10 });
    await s.tasks.create([{ title: 'flaky' }], 'human');
    expect(await s.tasks.pickup({ agent: 'ann' })).toMatchObject({ lease_expires_at: '2026-01-01T00:00:10.000Z' });
    clock.advance(5);
    expect(await s.tasks.pickup({ agent: 'bob' })).toBeNull();
    clock.advance(6);
    expect(await s.tasks.pickup({ agent: 'bob' })).toMatchObject({ assignee: 'bob', attempts: 2, lapses: 1 });
    expect(await refusal(s.tasks.done('T-001', { agent: 'ann' }))).toMatchObject({ code: 'conflict' });
    clock.advance(11);
    expect(await s.tasks.pickup({ agent: 'cid' })).toBeNull();
    const task = await s.tasks.get('T-001');
    expect(task).toMatchObject({ status: 'blocked', assignee: 'bob', lapses: 2 });
    expect(task.blocker_reason).toMatch(/^Lease expired 2 times \(max_attempts 2\)/);
    const lapsed = await s.events.list({ limit: 10, type: 'task.lease_expired' });
    expect(lapsed.map((e) => [e.actor, (e.payload as { previous_assignee: string; to: string }).to])).toEqual([
      ['system', 'open'],
      ['system', 'blocked'],
    ]);
  });

  it('numbers the log from 1 without gaps, in order, and pages it both ways', async () => {
    const s = await backend().project();
    const start = await s.events.latestId();
    await s.tasks.create([{ title: 'a' }, { title: 'b' }], 'ann');
    await s.tasks.pickup({ agent: 'ann' });
    // A refused write leaves no event and no gap.
    await refusal(s.tasks.done('T-002', { agent: 'ann' }));
    await s.tasks.done('T-001', { agent: 'ann' });
    await s.setName('renamed', 'human');
    const all = await s.events.list({ limit: 100 });
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect(start).toBe(1);
    expect(all.map((e) => e.type)).toEqual([
      'project.created',
      'task.created',
      'task.created',
      'task.pickup',
      'task.done',
      'project.updated',
    ]);
    expect(await s.events.latestId()).toBe(6);
    expect((await s.events.list({ limit: 2, after: 2 })).map((e) => e.id)).toEqual([3, 4]);
    expect((await s.events.list({ limit: 2, before: 5, order: 'desc' })).map((e) => e.id)).toEqual([4, 3]);
    expect((await s.events.list({ limit: 10, type: 'task.*', actor: 'ann' })).map((e) => e.id)).toEqual([2, 3, 4, 5]);
    const created = all[1]!;
    expect((await s.events.list({ limit: 10, entity_id: created.entity_id })).map((e) => e.type)).toEqual([
      'task.created',
      'task.pickup',
      'task.done',
    ]);
    expect(created).toMatchObject({ actor: 'ann', created_at: '2026-01-01T00:00:00.000Z' });
    expect(created.payload).toMatchObject({ task_number: 'T-001', status: 'open', depends_on: [] });
  });

  it('announces each commit to its subscribers, after it is durable, with the events it wrote', async () => {
    const s = await backend().project();
    const seen: number[][] = [];
    const stop = s.subscribe((events) => seen.push(events.map((e) => e.id)));
    await s.tasks.create([{ title: 'a' }, { title: 'b' }], 'ann');
    await refusal(s.tasks.get('T-9'));
    await s.tasks.pickup({ agent: 'ann' });
    stop();
    await s.tasks.pickup({ agent: 'bob' });
    expect(seen).toEqual([[2, 3], [4]]);
    expect((await s.events.list({ limit: 10, after: 3 })).map((e) => e.type)).toEqual(['task.pickup', 'task.pickup']);
  });

  it('catalog: lists, gets, renames and resets settings; an unknown project is 404', async () => {
    const b = backend();
    const s = await b.project('cat');
    const listed = (await b.catalog.list()).find((p) => p.id === s.projectId);
    expect(listed).toMatchObject({ name: 'cat', settings: { lease_seconds: 3600, max_attempts: 3 } });
    const updated = await b.catalog.update(s.projectId, { name: 'dog', settings: { lease_seconds: 60 } }, 'human');
    expect(updated).toMatchObject({ name: 'dog', settings: { lease_seconds: 60, max_attempts: 3 } });
    expect((await b.catalog.get(s.projectId)).name).toBe('dog');
    expect((await s.events.list({ limit: 10, type: 'project.updated' })).map((e) => e.payload)).toEqual([
      { settings: { lease_seconds: 60, max_attempts: 3 } },
      { name: 'dog' },
    ]);
    expect(await refusal(b.catalog.get('no-such-project'))).toMatchObject({ code: 'project_not_found' });
    expect(await refusal(b.catalog.open('no-such-project'))).toMatchObject({ code: 'project_not_found' });
    expect((await b.catalog.check(s.projectId)).ok).toBe(true);
  });
});
