import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { afterLapse } from '../../../src/core/rules/leases.js';
import { assertCanApprove, CANCELLABLE, reviewDone } from '../../../src/core/rules/lifecycle.js';
import type { Task } from '../../../src/core/types.js';

const task = (over: Partial<Task>) => ({ task_number: 'T-011', status: 'review', assignee: 'dave', ...over }) as Task;

describe('review rules', () => {
  it("the implementer's done on a review task is a no-op; anyone else's approves", () => {
    expect(reviewDone(task({}), 'dave')).toBe('no-op');
    expect(reviewDone(task({}), 'erin')).toBe('approve');
    expect(reviewDone(task({ assignee: null }), 'dave')).toBe('approve');
  });

  it('approval is refused to the implementer and for tasks not in review', () => {
    expect(() => assertCanApprove(task({}), 'dave')).toThrow(/someone else must approve it/);
    expect(() => assertCanApprove(task({ status: 'open' }), 'erin')).toThrow(ApiError);
    expect(() => assertCanApprove(task({}), 'erin')).not.toThrow();
  });

  it('anything unfinished can be cancelled; done and cancelled cannot', () => {
    expect([...CANCELLABLE].sort()).toEqual(['backlog', 'blocked', 'in-progress', 'open', 'review']);
  });

  it('afterLapse counts lapses: blocked at max_attempts, naming the count', () => {
    expect(afterLapse(2, 3)).toEqual({ status: 'open' });
    const blocked = afterLapse(3, 3);
    expect(blocked.status).toBe('blocked');
    expect('reason' in blocked && blocked.reason).toContain('Lease expired 3 times (max_attempts 3)');
    expect('reason' in afterLapse(1, 1) && afterLapse(1, 1)).toMatchObject({
      reason: expect.stringContaining('Lease expired 1 time ('),
    });
  });
});
