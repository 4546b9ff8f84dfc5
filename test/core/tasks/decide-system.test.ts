import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { decodeCursor, encodeCursor } from '../../../src/core/rules/cursor.js';
import { dependentsAffected } from '../../../src/core/rules/dependencies.js';
import { decideCancel, decideComplete } from '../../../src/core/tasks/decide.js';
import { decideDependent, decideLapse } from '../../../src/core/tasks/system.js';
import { context, NOW, task } from './fixtures.js';

const lapsed = (over = {}) => task({ lease_expires_at: '2026-03-01T11:59:59.000Z', lease_seconds: 30, ...over });

describe('lapse (lease reclaim)', () => {
  it('leaves a live lease, a lease set by hand (none) and tasks not in progress alone', () => {
    expect(decideLapse(task(), context())).toBeNull();
    expect(decideLapse(task({ lease_expires_at: null }), context())).toBeNull();
    expect(decideLapse(lapsed({ status: 'review' }), context())).toBeNull();
  });

  it('an expired lease (at the very instant too) goes back to the board, counting the lapse', () => {
    expect(decideLapse(task({ lease_expires_at: NOW }), context())).not.toBeNull();
    const d = decideLapse(lapsed(), context());
    expect(d?.patch).toEqual({
      status: 'open',
      assignee: null,
      lease_expires_at: null,
      lease_seconds: null,
      blocker_reason: null,
      lapses: 1,
      updated_at: NOW,
    });
    expect(d?.events).toEqual([
      {
        type: 'task.lease_expired',
        entity_id: d?.task.id,
        actor: 'system',
        payload: expect.objectContaining({
          status: 'open',
          lapses: 1,
          previous_assignee: 'ann',
          expired_at: '2026-03-01T11:59:59.000Z',
          to: 'open',
        }),
      },
    ]);
    expect(decideLapse(lapsed({ deps_met: false }), context())?.task.status).toBe('backlog');
  });

  it('the max_attempts-th lapse blocks it, keeping the assignee and saying why', () => {
    const d = decideLapse(lapsed({ lapses: 2 }), context({ lease_seconds: 600, max_attempts: 3 }));
    expect(d?.task).toMatchObject({
      status: 'blocked',
      assignee: 'ann',
      lapses: 3,
      blocker_reason: 'Lease expired 3 times (max_attempts 3); the agents working on it stopped reporting',
    });
    expect(d?.events[0]?.payload).toMatchObject({ to: 'blocked', previous_assignee: 'ann' });
  });
});

describe('dependents', () => {
  it('only a move across the satisfied line (review, done, cancelled) affects dependents', () => {
    expect(dependentsAffected('in-progress', 'review')).toBe(true);
    expect(dependentsAffected('review', 'done')).toBe(false);
    expect(dependentsAffected('review', 'in-progress')).toBe(true);
    expect(dependentsAffected('open', 'cancelled')).toBe(true);
    expect(dependentsAffected('open', 'in-progress')).toBe(false);
    // The decisions' results say which transitions those are.
    expect(decideComplete(task(), { agent: 'ann' }, context()).task.status).toBe('review');
    expect(decideCancel(task({ status: 'open' }), { actor: 'h', reason: 'x' }, context()).task.status).toBe(
      'cancelled',
    );
  });

  it('a dependent whose dependencies are all met now gains deps_met and leaves backlog, as system', () => {
    const dep = task({ task_number: 'T-009', status: 'backlog', assignee: null, deps_met: false });
    const d = decideDependent(dep, true, 'T-007', { now: NOW });
    expect(d?.patch).toEqual({ deps_met: true, status: 'open', updated_at: NOW });
    expect(d?.events).toEqual([
      {
        type: 'task.deps_met',
        entity_id: dep.id,
        actor: 'system',
        payload: expect.objectContaining({
          task_number: 'T-009',
          from: 'backlog',
          to: 'open',
          trigger: 'T-007',
          deps_met: true,
        }),
      },
    ]);
  });

  it('a dependent losing a dependency goes back to backlog if not started; started work keeps its status', () => {
    const open = task({ task_number: 'T-009', status: 'open', assignee: null });
    expect(decideDependent(open, false, 'T-007', { now: NOW })?.events[0]).toMatchObject({
      type: 'task.deps_unmet',
      payload: { from: 'open', to: 'backlog', deps_met: false },
    });
    expect(decideDependent(task({ task_number: 'T-009' }), false, 'T-007', { now: NOW })?.task).toMatchObject({
      status: 'in-progress',
      deps_met: false,
    });
  });

  it('nothing happens to a dependent whose state already matches', () => {
    expect(decideDependent(task({ deps_met: true }), true, 'T-007', { now: NOW })).toBeNull();
    expect(decideDependent(task({ status: 'backlog', deps_met: false }), false, 'T-007', { now: NOW })).toBeNull();
  });
});

describe('list cursor', () => {
  it('round-trips board positions and refuses what this server did not issue', () => {
    expect(encodeCursor({ priority: 'P1', number: 42 })).toBe('P1.42');
    expect(decodeCursor('P0.7')).toEqual({ priority: 'P0', number: 7 });
    for (const bad of ['', 'P3.1', 'P1.', 'P1.x', 'P1.1.2']) {
      expect(() => decodeCursor(bad)).toThrow(ApiError);
    }
    try {
      decodeCursor('zz');
    } catch (err) {
      expect(err).toMatchObject({
        code: 'validation_error',
        message: 'cursor: not a cursor this server issued',
        details: [{ path: 'cursor', message: 'Invalid cursor' }],
      });
    }
  });
});
