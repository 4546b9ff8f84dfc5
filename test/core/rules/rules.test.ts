import { describe, expect, it } from 'vitest';
import { allSatisfied, findCycle, satisfies, statusForDeps } from '../../../src/core/rules/dependencies.js';
import { afterLapse, leaseExpired, leaseUntil } from '../../../src/core/rules/leases.js';
import { formatTaskNumber, parseTaskNumber } from '../../../src/core/rules/numbering.js';
import { deriveAgent } from '../../../src/core/rules/agents.js';
import type { Task } from '../../../src/core/types.js';

describe('dependency rules', () => {
  it('review, done and cancelled satisfy a dependency, nothing else does', () => {
    expect(
      ['backlog', 'open', 'in-progress', 'blocked', 'review', 'done', 'cancelled'].map((s) => satisfies(s as never)),
    ).toEqual([false, false, false, false, true, true, true]);
    expect(allSatisfied([])).toBe(true);
    expect(allSatisfied(['review', 'done'])).toBe(true);
    expect(allSatisfied(['review', 'open'])).toBe(false);
  });

  it('finds cycles and returns their path', () => {
    const graph: Record<number, number[]> = { 1: [2], 2: [3], 3: [1], 4: [5], 5: [] };
    const edges = (n: number) => graph[n] ?? [];
    expect(findCycle(1, edges)).toEqual([1, 2, 3, 1]);
    expect(findCycle(4, edges)).toBeNull();
    expect(findCycle(7, (n) => (n === 7 ? [7] : []))).toEqual([7, 7]);
    // A diamond is not a cycle.
    const diamond: Record<number, number[]> = { 1: [2, 3], 2: [4], 3: [4], 4: [] };
    expect(findCycle(1, (n) => diamond[n] ?? [])).toBeNull();
  });

  it('moves only unstarted tasks between backlog and open', () => {
    expect(statusForDeps('backlog', true)).toBe('open');
    expect(statusForDeps('open', false)).toBe('backlog');
    expect(statusForDeps('in-progress', false)).toBe('in-progress');
    expect(statusForDeps('blocked', true)).toBe('blocked');
  });
});

describe('lease rules', () => {
  it('computes expiry and lapse outcomes', () => {
    expect(leaseUntil(new Date('2026-01-01T00:00:00.000Z'), 90)).toBe('2026-01-01T00:01:30.000Z');
    expect(leaseExpired(null, '2026-01-01T00:00:00.000Z')).toBe(false);
    expect(leaseExpired('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(leaseExpired('2026-01-01T00:00:01.000Z', '2026-01-01T00:00:00.000Z')).toBe(false);
    expect(afterLapse(1, 3)).toEqual({ status: 'open' });
    const blocked = afterLapse(3, 3);
    expect(blocked.status).toBe('blocked');
    expect('reason' in blocked && blocked.reason).toContain('3 times');
  });

  it('derives agent status from held leases', () => {
    const task = {
      task_number: 'T-001',
      status: 'in-progress',
      assignee: 'ann',
      lease_expires_at: '2026-01-01T01:00:00.000Z',
    } as Task;
    expect(deriveAgent({ name: 'ann', last_seen: 'x' }, [task], '2026-01-01T00:00:00.000Z')).toMatchObject({
      status: 'working',
      current_task: 'T-001',
      tasks_in_progress: 1,
    });
    expect(deriveAgent({ name: 'ann', last_seen: 'x' }, [task], '2026-01-01T02:00:00.000Z')).toMatchObject({
      status: 'idle',
      current_task: null,
    });
  });
});

describe('task numbers', () => {
  it('formats and parses', () => {
    expect(formatTaskNumber(7)).toBe('T-007');
    expect(formatTaskNumber(1234)).toBe('T-1234');
    expect(parseTaskNumber('t-012')).toBe(12);
    expect(parseTaskNumber('T-')).toBeNull();
    expect(parseTaskNumber('7b0f5c1e-2d9a-4c3b-8f6e-1a2b3c4d5e6f')).toBeNull();
  });
});
