import { addSeconds, iso } from '../clock.js';
import type { ProjectSettings, Task } from '../types.js';

export function leaseUntil(now: Date, seconds: number): string {
  return iso(addSeconds(now, seconds));
}

/** A lease with no expiry (a task moved to in-progress by hand) never lapses. */
export function leaseExpired(leaseExpiresAt: string | null, nowIso: string): boolean {
  return leaseExpiresAt !== null && leaseExpiresAt <= nowIso;
}

/**
 * After a lapse (`lapses` counts this one): back to the board, or blocked once `max_attempts` leases
 * have lapsed. Pickups that ended in a release or a done are not lapses and do not count.
 */
export function afterLapse(
  lapses: number,
  maxAttempts: number,
): { status: 'open' } | { status: 'blocked'; reason: string } {
  if (lapses >= maxAttempts) {
    return {
      status: 'blocked',
      reason: `Lease expired ${lapses} time${lapses === 1 ? '' : 's'} (max_attempts ${maxAttempts}); the agents working on it stopped reporting`,
    };
  }
  return { status: 'open' };
}

/**
 * The lease a renewal grants: what the pickup asked for, else the project default. `project` is read
 * only when the pickup asked for nothing, so a store may load the settings lazily.
 */
export function leaseLength(
  task: { lease_seconds: number | null },
  project: { readonly settings: ProjectSettings },
): number {
  return task.lease_seconds ?? project.settings.lease_seconds;
}

/** Whether a write by `actor` on the task renews its lease: it holds the task, under a lease that can lapse. */
export function holdsLiveLease(task: Pick<Task, 'status' | 'assignee' | 'lease_expires_at'>, actor: string): boolean {
  return task.status === 'in-progress' && task.assignee === actor && task.lease_expires_at !== null;
}
