import type { FeedSubscription, LiveFeeds } from './live-feed.js';
import type { ProjectStore } from './ports.js';
import type { EventRecord } from './types.js';

/**
 * Events after which a task may have become available to pick up: it became open, or files that kept it
 * from being claimed stopped being held (a claim ends with done, release, block, cancel or a lapsed
 * lease; an ad-hoc reservation with its release or expiry).
 */
export const MAY_FREE_WORK: ReadonlySet<string> = new Set([
  'task.created',
  'task.unblocked',
  'task.released',
  'task.deps_met',
  'task.updated',
  'task.lease_expired',
  'task.done',
  'task.approved',
  'task.blocked',
  'task.cancelled',
  'files.released',
  'files.expired',
]);

type Outcome = 'event' | 'timeout' | 'aborted';

export function mayFreeWork(events: readonly Pick<EventRecord, 'type'>[]): boolean {
  return events.some((e) => MAY_FREE_WORK.has(e.type));
}

/**
 * What a long-polling pickup sleeps on instead of polling: the project's log gaining an event that may
 * have freed work, committed by this process or another. Subscribed for the whole wait, so an event
 * landing between two attempts is not missed. A log that cannot be read counts as an event: the
 * caller's next attempt reports why. The store's own commits and, where the store hears of them, other
 * processes' commits that may have freed work wake it at once, before the live feed has read the log
 * (the feed, polled, remains the safety net for a notice lost).
 */
export class WorkWaiter {
  private pending = false;
  private wake: ((why: Outcome) => void) | undefined;
  private subscription: FeedSubscription | undefined;
  private readonly stops: (() => void)[] = [];

  private constructor() {}

  static async open(feeds: LiveFeeds, store: ProjectStore): Promise<WorkWaiter> {
    const waiter = new WorkWaiter();
    const signal = () => waiter.signal();
    waiter.stops.push(store.subscribe((events) => mayFreeWork(events) && signal()));
    const stopOutside = store.events.watchOutsideWork?.(signal);
    if (stopOutside) waiter.stops.push(stopOutside);
    try {
      waiter.subscription = await feeds.subscribe(store.projectId, {
        batch: (b) => mayFreeWork(b.events) && signal(),
        failed: signal,
      });
    } catch (err) {
      waiter.close();
      throw err;
    }
    return waiter;
  }

  /** Resolve at once if work may have been freed since the last call, else on the next such event, after `ms`, or on abort. */
  next(ms: number, signal?: AbortSignal): Promise<Outcome> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('event');
    }
    return new Promise<Outcome>((resolve) => {
      const finish = (why: Outcome) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        if (why === 'event') this.pending = false;
        resolve(why);
      };
      const onAbort = () => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = finish;
    });
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.subscription?.unsubscribe();
    this.wake?.('aborted');
  }

  private signal(): void {
    this.pending = true;
    this.wake?.('event');
  }
}
