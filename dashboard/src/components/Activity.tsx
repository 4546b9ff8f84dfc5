import type { Event } from '../api.js';
import { useApp } from '../context.js';
import { useObservable } from '../state/observable.js';
import { ago, fullTime, useNow } from '../time.js';
import { ErrorText } from './Drawer.js';
import { InlineMarkdown } from './Markdown.js';
import { eventDetail, eventLabel, eventSubject } from './Timeline.js';

/** The latest events of the project, newest first, as they happen. */
export function ActivityFeed({ limit, title = 'Activity' }: { limit: number; title?: string }) {
  const { session } = useApp();
  const feed = session.feed;
  useObservable(feed);
  const now = useNow(5_000);
  const events = feed.events.slice(0, limit);
  return (
    <section class="side-panel activity" aria-labelledby={`activity-${limit}`}>
      <h2 id={`activity-${limit}`}>{title}</h2>
      <ErrorText error={feed.error} />
      {events.length === 0 && <p class="muted">{feed.loaded ? 'Nothing yet.' : 'Loading…'}</p>}
      <ol class="feed">
        {events.map((e) => (
          <FeedItem key={e.id} event={e} now={now} />
        ))}
      </ol>
    </section>
  );
}

export function FeedItem({ event: e, now }: { event: Event; now: number }) {
  const { openTask, openDoc } = useApp();
  const detail = eventDetail(e);
  const number =
    typeof e.payload === 'object' && e.payload !== null
      ? (e.payload as { task_number?: unknown }).task_number
      : undefined;
  const subject = projectName(e) ?? eventSubject(e);
  const open =
    e.type.startsWith('task.') && typeof number === 'string'
      ? () => openTask(number)
      : e.type.startsWith('doc.')
        ? () => openDoc(e.entity_id)
        : undefined;
  return (
    <li class="feed-item" data-event={e.type}>
      <span class="feed-line">
        <strong class="feed-actor">{e.actor}</strong> <span class="feed-type">{eventLabel(e.type)}</span>{' '}
        {open ? (
          <button type="button" class="link-button feed-subject" onClick={open}>
            {subject}
          </button>
        ) : (
          <span class="feed-subject">{subject}</span>
        )}
      </span>
      <span class="feed-line small muted">
        <time dateTime={e.created_at} title={fullTime(e.created_at)}>
          {ago(e.created_at, now)}
        </time>
        {detail && (
          <>
            {' · '}
            <InlineMarkdown source={detail} class="feed-detail" />
          </>
        )}
      </span>
    </li>
  );
}

/** A project event is about the project: its name, not its id. */
function projectName(e: Event): string | undefined {
  if (!e.type.startsWith('project.') || typeof e.payload !== 'object' || e.payload === null) return undefined;
  const name = (e.payload as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : undefined;
}
