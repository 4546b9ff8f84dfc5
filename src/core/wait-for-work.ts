import type { FeedSubscription, LiveFeeds } from './live-feed.js';

/** Events after which a task may have become available to pick up. */
const MAY_FREE_WORK = new Set([
  'task.created',
  'task.unblocked',
  'task.released',
  'task.deps_met',
  'task.updated',
  'task.lease_expired',
  'task.done',
  'task.approved',
]);

type Outcome = 'event' | 'timeout' | 'aborted';

/**
 * What a long-polling pickup sleeps on instead of polling: the project's log gaining an event that may
 * have freed work, committed by this process or another. Subscribed for the whole wait, so an event
 * landing between two attempts is not missed. A log that cannot be read counts as an event: the
 * caller's next attempt reports why.
 */
export class WorkWaiter {
  private pending = false;
  private wake: ((why: Outcome) => void) | undefined;

  private constructor(private subscription: FeedSubscription | undefined) {}

  static async open(feeds: LiveFeeds, projectId: string): Promise<WorkWaiter> {
    const waiter = new WorkWaiter(undefined);
    waiter.subscription = await feeds.subscribe(projectId, {
      batch: (b) => {
        if (b.events.some((e) => MAY_FREE_WORK.has(e.type))) waiter.signal();
      },
      failed: () => waiter.signal(),
    });
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
    this.subscription?.unsubscribe();
    this.wake?.('aborted');
  }

  private signal(): void {
    this.pending = true;
    this.wake?.('event');
  }
}
