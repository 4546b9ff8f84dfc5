import type { CommitListener } from './ports.js';
import type { EventRecord } from './types.js';

/** In-process fan-out of one store's committed events: its live feed listens here. */
export class EventBus {
  private readonly listeners = new Set<CommitListener>();

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly EventRecord[]): void {
    if (events.length === 0 || this.listeners.size === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(events);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }
}
