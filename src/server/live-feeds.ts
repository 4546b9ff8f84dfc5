import type { EventBus } from '../core/event-bus.js';
import { LiveFeeds } from '../core/live-feed.js';
import type { ProjectHub } from '../core/project-hub.js';

/** Each project's feed reads its log through the hub, so a store reopened after a restore is followed. */
export function liveFeeds(hub: ProjectHub, bus: EventBus): LiveFeeds {
  return new LiveFeeds(bus, (projectId) => {
    const store = hub.store(projectId);
    return {
      eventsAfter: (after, limit) => store.listEvents({ after, limit }),
      latestEventId: () => store.latestEventId(),
      outsideCommitMark: () => store.outsideCommitMark(),
    };
  });
}
