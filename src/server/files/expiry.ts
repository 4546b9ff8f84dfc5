import type { ProjectCatalog } from '../../core/ports.js';

/** A timer may fire a little before the store's clock reads the expiry; this much later it has passed. */
const SLACK_MS = 50;

/**
 * Ends each ad-hoc reservation this server made when it expires (`files.expired`, recorded by the
 * store's expire()), so event streams and the dashboard hear of it then. The next reservation write of
 * any server records it too: that covers a server restarted before the expiry. Errors are left to that
 * next write (a deleted project, storage away for a moment).
 */
export class ReservationExpiry {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly catalog: ProjectCatalog,
    shutdown?: AbortSignal,
  ) {
    shutdown?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Expire `projectId`'s lapsed reservations once `expiresAt` (by `now`) has passed. */
  schedule(projectId: string, expiresAt: string, now: Date): void {
    const ms = Math.max(0, Date.parse(expiresAt) - now.getTime()) + SLACK_MS;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.catalog
        .open(projectId)
        .then((store) => store.files.expire())
        .catch(() => undefined);
    }, ms);
    // A reservation never keeps the process alive; a week fits in a timer (at most ~24.8 days).
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
