import { addSeconds, iso } from './clock.js';

export function leaseUntil(now: Date, seconds: number): string {
  return iso(addSeconds(now, seconds));
}

/** A lease with no expiry (a task moved to in-progress by hand) never lapses. */
export function leaseExpired(leaseExpiresAt: string | null, nowIso: string): boolean {
  return leaseExpiresAt !== null && leaseExpiresAt <= nowIso;
}

/** After a lapse: back to the board, or blocked once the task has used up its attempts. */
export function afterLapse(attempts: number, maxAttempts: number): { status: 'open' } | { status: 'blocked'; reason: string } {
  if (attempts >= maxAttempts) {
    return { status: 'blocked', reason: `Lease expired ${attempts} time${attempts === 1 ? '' : 's'} (max_attempts ${maxAttempts}); the agents working on it stopped reporting` };
  }
  return { status: 'open' };
}
