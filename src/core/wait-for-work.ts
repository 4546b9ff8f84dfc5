import type { EventBus } from './event-bus.js';

/** Events after which a task may have become available to pick up. */
const MAY_FREE_WORK = new Set(['task.created', 'task.unblocked', 'task.released', 'task.deps_met', 'task.updated', 'task.lease_expired', 'task.done', 'task.approved']);

/**
 * Resolve when the project records an event that may have freed work, when `ms` elapse, or when
 * `signal` aborts — whichever comes first. Long-polling pickups sleep here instead of polling.
 */
export function waitForWork(bus: EventBus, projectId: string, ms: number, signal?: AbortSignal): Promise<'event' | 'timeout' | 'aborted'> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve('aborted');
    const finish = (why: 'event' | 'timeout' | 'aborted') => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), Math.max(0, ms));
    const unsubscribe = bus.subscribe(projectId, (e) => {
      if (MAY_FREE_WORK.has(e.type)) finish('event');
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
