import type { DecideContext, DependencyView, TaskState } from '../../../src/core/tasks/types.js';
import type { TaskStatus } from '../../../src/core/types.js';
import { expect } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';

export const NOW = '2026-03-01T12:00:00.000Z';
export const EARLIER = '2026-03-01T11:00:00.000Z';

/** A task as a store hands it to the decisions; in progress with ann by default. */
export function task(over: Partial<TaskState> = {}): TaskState {
  return {
    id: '0190f000-0000-7000-8000-000000000001',
    task_number: 'T-007',
    title: 'Write the parser',
    description: '',
    status: 'in-progress',
    priority: 'P1',
    assignee: 'ann',
    epic: null,
    tags: [],
    capabilities: [],
    depends_on: [],
    deps_met: true,
    acceptance_criteria: [],
    context_refs: [],
    verify: null,
    files: [],
    verify_result: null,
    notes: [],
    blocker_reason: null,
    attempts: 1,
    pickups: 1,
    lapses: 0,
    key: null,
    lease_expires_at: '2026-03-01T13:00:00.000Z',
    created_at: EARLIER,
    updated_at: EARLIER,
    started_at: EARLIER,
    completed_at: null,
    lease_seconds: null,
    ...over,
  };
}

/** A context whose settings say how often they were read (decisions that need none must not read them). */
export function context(settings = { lease_seconds: 600, max_attempts: 3 }): DecideContext & { reads: number } {
  return {
    now: NOW,
    reads: 0,
    get settings() {
      this.reads++;
      return settings;
    },
  };
}

/** A dependency graph over task numbers: status and edges. */
export function graph(tasks: Record<number, { status: TaskStatus; deps?: number[] }>): DependencyView {
  return {
    statusOf: (n) => tasks[n]?.status,
    dependsOn: (n) => tasks[n]?.deps ?? [],
  };
}

/** The refusal a decision throws: an ApiError with its code and message. */
export function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { code: (err as ApiError).code, message: (err as ApiError).message };
  }
  throw new Error('expected a refusal');
}
