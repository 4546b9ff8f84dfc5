import { addSeconds, iso } from './clock.js';

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
