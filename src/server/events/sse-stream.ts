import type { ServerResponse } from 'node:http';
import type { LiveFeeds } from '../../core/live-feed.js';
import type { EventRecord } from '../../core/types.js';
import { CONNECTED, EventCursor, HEARTBEAT } from './event-cursor.js';

/**
 * Unsent bytes of shared live batches a stream may hold before it stops taking them (about a second of
 * a busy board): every stream holds the same buffers, so this costs no memory per stream.
 */
const STREAM_QUEUE_LIMIT = 1 << 20;

export interface EventStreamOptions {
  feeds: LiveFeeds;
  projectId: string;
  /** Resume after this event id; undefined starts from now. */
  after: number | undefined;
  /** Reads the log for a stream that is behind the feed. */
  eventsAfter(after: number, limit: number): Promise<EventRecord[]>;
  heartbeatMs: number;
  /** Ends the stream (server shutdown). */
  end?: AbortSignal | undefined;
  headers: Record<string, string>;
}

/**
 * Serve a project's events on a Node response. A stream that keeps up is written each batch's shared
 * bytes as the feed delivers it, with no await in between: an open dashboard costs the agents one
 * write per batch. A stream whose socket is full is not written to until it drains; it then continues
 * from the log after the last id it was sent, so nothing queues up for a slow reader.
 */
export async function serveEventStream(res: ServerResponse, o: EventStreamOptions): Promise<void> {
  let cursor: EventCursor | undefined;
  let ready = false;
  let ended = false;
  let wroteSinceBeat = false;
  const write = (bytes: Uint8Array) => {
    wroteSinceBeat = true;
    res.write(bytes);
    // The batch's bytes are shared by every stream, so holding them for a reader a little behind costs
    // no copy; past the limit the stream stops taking batches and later reads the log instead.
    if (res.writableLength > STREAM_QUEUE_LIMIT) {
      ready = false;
      res.once('drain', () => void pump());
    }
  };
  /** Catch up from the log until level with the feed, then take batches as they come. */
  const pump = async () => {
    if (!cursor || ended) return;
    ready = false;
    try {
      while (cursor.behind && !ended) {
        const chunk = await cursor.catchUp();
        if (!chunk || ended) break;
        // A page read for this stream alone is its own copy: stop at the socket's limit, not the shared one.
        if (!res.write(chunk)) {
          res.once('drain', () => void pump());
          return;
        }
      }
      ready = true;
    } catch {
      // The log became unreadable (project unavailable): end; the client reconnects and is told why.
      finish();
    }
  };
  const subscription = await o.feeds.subscribe(o.projectId, {
    batch: (b) => {
      if (!cursor || ended) return;
      if (!ready) return cursor.note(b);
      const bytes = cursor.take(b);
      if (bytes) write(bytes);
      else if (cursor.behind) void pump();
    },
    failed: () => finish(),
  });
  cursor = new EventCursor(o.after ?? subscription.head, subscription.head, o.eventsAfter);
  const beat = setInterval(() => {
    if (ready && !wroteSinceBeat) write(HEARTBEAT);
    wroteSinceBeat = false;
  }, o.heartbeatMs);
  const onEnd = () => finish();
  function finish(): void {
    if (ended) return;
    ended = true;
    clearInterval(beat);
    subscription.unsubscribe();
    o.end?.removeEventListener('abort', onEnd);
    if (!res.writableEnded) res.end();
  }
  res.once('close', finish);
  o.end?.addEventListener('abort', onEnd, { once: true });
  if (o.end?.aborted) return finish();
  res.writeHead(200, o.headers);
  write(CONNECTED);
  void pump();
}

/** The same stream as a web ReadableStream, pulled by its reader (for a server that is not Node's). */
export async function openEventStream(o: EventStreamOptions): Promise<ReadableStream<Uint8Array>> {
  let wake: (() => void) | undefined;
  let ended = false;
  let cursor: EventCursor | undefined;
  const pending: Uint8Array[] = [];
  const subscription = await o.feeds.subscribe(o.projectId, {
    batch: (b) => {
      if (!cursor) return;
      // Only what it can take at once is kept: a reader that fell behind reads the log instead.
      if (pending.length === 0 && !cursor.behind) {
        const bytes = cursor.take(b);
        if (bytes) pending.push(bytes);
      } else cursor.note(b);
      wake?.();
    },
    failed: () => finish(),
  });
  cursor = new EventCursor(o.after ?? subscription.head, subscription.head, o.eventsAfter);
  const onEnd = () => finish();
  function finish(): void {
    ended = true;
    subscription.unsubscribe();
    o.end?.removeEventListener('abort', onEnd);
    wake?.();
  }
  o.end?.addEventListener('abort', onEnd, { once: true });
  if (o.end?.aborted) finish();
  const next = async (): Promise<Uint8Array | undefined> => {
    for (;;) {
      if (ended || !cursor) return undefined;
      const queued = pending.shift();
      if (queued) return queued;
      const caughtUp = await cursor.catchUp();
      if (caughtUp) return caughtUp;
      const beat = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), o.heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      wake = undefined;
      if (beat) return HEARTBEAT;
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => controller.enqueue(CONNECTED),
      async pull(controller) {
        const chunk = await next().catch(() => undefined);
        if (chunk) return controller.enqueue(chunk);
        finish();
        controller.close();
      },
      cancel: () => finish(),
    },
    { highWaterMark: 0 },
  );
}
