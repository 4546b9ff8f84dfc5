import type { EventRecord } from './types.js';

export type EventListener = (event: EventRecord) => void;

/** In-process fan-out of committed events: the live stream and long-polling pickups listen here. */
export class EventBus {
  private readonly listeners = new Map<string, Set<EventListener>>();

  subscribe(projectId: string, listener: EventListener): () => void {
    let set = this.listeners.get(projectId);
    if (!set) {
      set = new Set();
      this.listeners.set(projectId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(projectId);
    };
  }

  publish(projectId: string, events: readonly EventRecord[]): void {
    const set = this.listeners.get(projectId);
    if (!set || events.length === 0) return;
    for (const event of events) {
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (err) {
          console.error('event listener failed', err);
        }
      }
    }
  }

  listenerCount(projectId: string): number {
    return this.listeners.get(projectId)?.size ?? 0;
  }
}
