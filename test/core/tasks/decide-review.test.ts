import { describe, expect, it } from 'vitest';
import {
  decideApprove,
  decideBlock,
  decideCancel,
  decideHeartbeat,
  decideNote,
  decideReject,
  decideRelease,
  decideUnblock,
} from '../../../src/core/tasks/decide.js';
import { context, NOW, refusal, task } from './fixtures.js';

describe('approve', () => {
  it('review → done by someone other than the implementer', () => {
    const d = decideApprove(task({ status: 'review' }), { actor: 'rev', notes: 'fine' }, context());
    expect(d.task).toMatchObject({ status: 'done', completed_at: NOW });
    expect(d.events[0]).toMatchObject({ type: 'task.approved', actor: 'rev', payload: { from: 'review', to: 'done' } });
  });

  it('is refused to the implementer and for tasks not in review', () => {
    expect(refusal(() => decideApprove(task({ status: 'review' }), { actor: 'ann' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 was implemented by ann; someone else must approve it',
    });
    expect(refusal(() => decideApprove(task({ status: 'done' }), { actor: 'rev' }, context())).message).toBe(
      'T-007 is done; only review tasks can be approved',
    );
  });

  it('an unassigned review task can be approved by anyone', () => {
    expect(decideApprove(task({ status: 'review', assignee: null }), { actor: 'ann' }, context()).task.status).toBe(
      'done',
    );
  });
});

describe('reject', () => {
  it('sends a review task back to its implementer, in progress under a fresh project lease, the reason as a note', () => {
    const ctx = context();
    const d = decideReject(
      task({ status: 'review', lease_expires_at: null }),
      { actor: 'rev', reason: 'no tests' },
      ctx,
    );
    expect(d.task).toMatchObject({
      status: 'in-progress',
      assignee: 'ann',
      lease_expires_at: '2026-03-01T12:10:00.000Z',
      started_at: '2026-03-01T11:00:00.000Z',
      notes: [{ author: 'rev', text: 'Rejected: no tests', created_at: NOW }],
    });
    expect(d.events[0]).toMatchObject({
      type: 'task.rejected',
      actor: 'rev',
      payload: { from: 'review', to: 'in-progress', reason: 'no tests' },
    });
  });

  it('with no implementer, back to the board (or backlog while dependencies are unmet)', () => {
    const orphan = task({ status: 'review', assignee: null, lease_expires_at: null });
    expect(decideReject(orphan, { actor: 'rev', reason: 'x' }, context()).task).toMatchObject({
      status: 'open',
      lease_expires_at: null,
    });
    expect(decideReject({ ...orphan, deps_met: false }, { actor: 'rev', reason: 'x' }, context()).task.status).toBe(
      'backlog',
    );
  });

  it('refuses tasks not in review', () => {
    expect(refusal(() => decideReject(task(), { actor: 'rev', reason: 'x' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 is in-progress; only review tasks can be rejected',
    });
  });
});

describe('cancel', () => {
  it('takes anything unfinished off the board, clearing lease and blocker reason', () => {
    for (const status of ['backlog', 'open', 'in-progress', 'review', 'blocked'] as const) {
      const d = decideCancel(task({ status, blocker_reason: 'r' }), { actor: 'human', reason: 'dup' }, context());
      expect(d.task).toMatchObject({ status: 'cancelled', lease_expires_at: null, blocker_reason: null });
      expect(d.task.notes.at(-1)?.text).toBe('Cancelled: dup');
      expect(d.events[0]).toMatchObject({
        type: 'task.cancelled',
        payload: { from: status, to: 'cancelled', reason: 'dup' },
      });
    }
  });

  it('refuses done and cancelled tasks', () => {
    for (const status of ['done', 'cancelled'] as const) {
      expect(refusal(() => decideCancel(task({ status }), { actor: 'human', reason: 'x' }, context())).message).toBe(
        `T-007 is ${status}; only backlog or open or in-progress or review or blocked tasks can be cancelled`,
      );
    }
  });
});

describe('block and unblock', () => {
  it('blocks backlog, open and in-progress tasks with the reason; the lease ends', () => {
    for (const status of ['backlog', 'open', 'in-progress'] as const) {
      const d = decideBlock(task({ status, lease_seconds: 60 }), { actor: 'ann', reason: 'no key' }, context());
      expect(d.task).toMatchObject({
        status: 'blocked',
        blocker_reason: 'no key',
        lease_expires_at: null,
        lease_seconds: null,
      });
      expect(d.events[0]).toMatchObject({ type: 'task.blocked', payload: { from: status, reason: 'no key' } });
    }
    expect(
      refusal(() => decideBlock(task({ status: 'review' }), { actor: 'ann', reason: 'x' }, context())).message,
    ).toBe('T-007 is review; only backlog or open or in-progress tasks can be blocked');
  });

  it('unblock puts it back on the board with nobody holding it, naming the reason it had', () => {
    const blocked = task({ status: 'blocked', blocker_reason: 'no key', lease_expires_at: null });
    const d = decideUnblock(blocked, { actor: 'human' }, context());
    expect(d.task).toMatchObject({ status: 'open', assignee: null, blocker_reason: null });
    expect(d.events[0]).toMatchObject({
      type: 'task.unblocked',
      actor: 'human',
      payload: { from: 'blocked', to: 'open', previous_reason: 'no key' },
    });
    expect(decideUnblock({ ...blocked, deps_met: false }, { actor: 'human' }, context()).task.status).toBe('backlog');
    expect(refusal(() => decideUnblock(task({ status: 'open' }), { actor: 'human' }, context())).message).toBe(
      'T-007 is open; only blocked tasks can be unblocked',
    );
  });
});

describe('release', () => {
  it('the holder gives the task back to the board (backlog while dependencies are unmet)', () => {
    const d = decideRelease(task({ lease_seconds: 60 }), { agent: 'ann' }, context());
    expect(d.task).toMatchObject({ status: 'open', assignee: null, lease_expires_at: null, lease_seconds: null });
    expect(d.events[0]).toMatchObject({ type: 'task.released', payload: { previous_assignee: 'ann', to: 'open' } });
    expect(decideRelease(task({ deps_met: false }), { agent: 'ann' }, context()).task.status).toBe('backlog');
  });

  it('refuses another agent unless it forces, and tasks not in progress', () => {
    expect(refusal(() => decideRelease(task(), { agent: 'bob' }, context())).message).toBe(
      'T-007 is held by ann; bob cannot release it (override with --force)',
    );
    expect(decideRelease(task(), { agent: 'bob', force: true }, context()).task.status).toBe('open');
    expect(refusal(() => decideRelease(task({ status: 'review' }), { agent: 'ann' }, context())).message).toBe(
      'T-007 is review; only in-progress tasks can be released',
    );
  });
});

describe('heartbeat', () => {
  it("extends the holder's lease by its pickup's length, else the project default", () => {
    const ctx = context();
    const own = decideHeartbeat(task({ lease_seconds: 120 }), { agent: 'ann' }, ctx);
    expect(own.patch).toEqual({ lease_expires_at: '2026-03-01T12:02:00.000Z', updated_at: NOW });
    expect(ctx.reads).toBe(0);
    expect(decideHeartbeat(task(), { agent: 'ann' }, ctx).patch.lease_expires_at).toBe('2026-03-01T12:10:00.000Z');
    expect(ctx.reads).toBe(1);
    expect(own.events).toEqual([
      {
        type: 'task.heartbeat',
        entity_id: own.task.id,
        actor: 'ann',
        payload: { task_number: 'T-007', lease_expires_at: '2026-03-01T12:02:00.000Z' },
      },
    ]);
  });

  it('a lease asked for in the heartbeat becomes the length of later renewals', () => {
    const d = decideHeartbeat(task(), { agent: 'ann', lease_seconds: 45 }, context());
    expect(d.patch).toEqual({ lease_expires_at: '2026-03-01T12:00:45.000Z', updated_at: NOW, lease_seconds: 45 });
  });

  it('is refused to anyone but the holder of an in-progress task', () => {
    expect(refusal(() => decideHeartbeat(task(), { agent: 'bob' }, context()))).toEqual({
      code: 'conflict',
      message: 'bob does not hold T-007 (it is held by ann); only its holder can extend the lease',
    });
    expect(refusal(() => decideHeartbeat(task({ assignee: null }), { agent: 'bob' }, context())).message).toContain(
      '(it is held by nobody)',
    );
    expect(refusal(() => decideHeartbeat(task({ status: 'review' }), { agent: 'ann' }, context())).message).toBe(
      'ann does not hold T-007 (it is review); only its holder can extend the lease',
    );
  });
});

describe('note', () => {
  it('anyone adds a note; the event carries its text', () => {
    const d = decideNote(task(), { author: 'bob', text: 'seen it' }, context());
    expect(d.patch).toEqual({ notes: [{ author: 'bob', text: 'seen it', created_at: NOW }], updated_at: NOW });
    expect(d.events).toEqual([
      { type: 'task.note', entity_id: d.task.id, actor: 'bob', payload: { task_number: 'T-007', text: 'seen it' } },
    ]);
  });

  it("the holder's note is a sign of life that renews the lease; a lease set by hand (none) stays none", () => {
    expect(decideNote(task(), { author: 'ann', text: 'x' }, context()).patch.lease_expires_at).toBe(
      '2026-03-01T12:10:00.000Z',
    );
    expect(
      decideNote(task({ lease_expires_at: null }), { author: 'ann', text: 'x' }, context()).patch,
    ).not.toHaveProperty('lease_expires_at');
    expect(decideNote(task({ status: 'review' }), { author: 'ann', text: 'x' }, context()).patch).not.toHaveProperty(
      'lease_expires_at',
    );
  });
});
