import type { LiveFeeds } from './live-feed.js';
import type { ProjectStore } from './ports.js';
import type { PickupOutcome, PickupRequest } from './task-store.js';
import { WorkWaiter } from './wait-for-work.js';

export interface PickupWait {
  /** How long to wait for work. */
  ms: number;
  /** Ends the wait early: the client went away, or the server is shutting down. */
  signal: AbortSignal;
}

/**
 * Claim a task; with `wait`, a pickup that finds nothing waits for work instead of failing, sleeping
 * until an event may have freed some (see WorkWaiter) or the next lease lapses. A claim of one given
 * task answers at once. The task is null when nothing could be claimed; `skipped` lists what the last
 * attempt passed over because another agent holds its files.
 */
export async function pickupTask(
  store: ProjectStore,
  feeds: LiveFeeds,
  request: PickupRequest,
  wait?: PickupWait,
): Promise<PickupOutcome> {
  let outcome = await store.tasks.pickupExplained(request);
  if (outcome.task || !wait || wait.ms <= 0 || request.task_ref !== undefined) return outcome;
  const deadline = Date.now() + wait.ms;
  const waiter = await WorkWaiter.open(feeds, store);
  try {
    // Work freed between the first attempt and subscribing would otherwise wait for the next event.
    outcome = await store.tasks.pickupExplained(request);
    while (!outcome.task && Date.now() < deadline && !wait.signal.aborted) {
      const nextLapse = await store.tasks.nextLeaseExpiry();
      const untilLapse = nextLapse ? Date.parse(nextLapse) - Date.now() + 5 : Infinity;
      await waiter.next(Math.min(deadline - Date.now(), untilLapse), wait.signal);
      if (wait.signal.aborted) break;
      outcome = await store.tasks.pickupExplained(request);
    }
    return outcome;
  } finally {
    waiter.close();
  }
}
