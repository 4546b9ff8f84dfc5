import type { EventBatch, LiveFeeds } from '../../core/live-feed.js';
import type { EventRecord } from '../../core/types.js';

const encoder = new TextEncoder();
/** Each batch is encoded once, whatever number of streams sends it. */
const encodedBatches = new WeakMap<EventBatch, Uint8Array>();
const CATCH_UP_PAGE = 500;

export interface EventStreamOptions {
  feeds: LiveFeeds;
  projectId: string;
  /** Resume after this event id; undefined starts from now. */
  after: number | undefined;
  /** Reads the log for a stream that is behind the feed: a resume, or a reader slower than the board. */
  eventsAfter(after: number, limit: number): Promise<EventRecord[]>;
  heartbeatMs: number;
  /** Ends the stream (server shutdown). */
  end?: AbortSignal | undefined;
}

export function sseFrames(events: readonly EventRecord[]): Uint8Array {
  let text = '';
  for (const e of events) text += `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
  return encoder.encode(text);
}

function framesOf(batch: EventBatch): Uint8Array {
  let bytes = encodedBatches.get(batch);
  if (!bytes) encodedBatches.set(batch, (bytes = sseFrames(batch.events)));
  return bytes;
}

/**
 * A project's events as Server-Sent Events. The stream is pulled: a client that reads slowly is not
 * written to until it has taken what it was sent, so nothing queues up for it; it then continues from
 * the log after the last id it was sent. A stream that keeps up is sent the feed's shared bytes.
 */
export async function openEventStream(o: EventStreamOptions): Promise<ReadableStream<Uint8Array>> {
  let latest: EventBatch | undefined;
  let failed = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const subscription = await o.feeds.subscribe(o.projectId, {
    batch: (b) => {
      latest = b;
      wake?.();
    },
    failed: () => {
      failed = true;
      wake?.();
    },
  });
  let cursor = o.after ?? subscription.head;
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  o.end?.addEventListener('abort', onEnd, { once: true });
  if (o.end?.aborted) ended = true;
  const finish = () => {
    ended = true;
    subscription.unsubscribe();
    o.end?.removeEventListener('abort', onEnd);
    wake?.();
  };

  /** The next chunk for this stream, or undefined once it has ended. */
  const nextChunk = async (): Promise<Uint8Array | undefined> => {
    for (;;) {
      if (ended || failed) return undefined;
      const head = latest?.last ?? subscription.head;
      if (latest && latest.after === cursor) {
        cursor = latest.last;
        return framesOf(latest);
      }
      if (latest && latest.after < cursor && cursor < latest.last) {
        const rest = latest.events.filter((e) => e.id > cursor);
        cursor = latest.last;
        return sseFrames(rest);
      }
      if (cursor < head) {
        const page = (await o.eventsAfter(cursor, CATCH_UP_PAGE)).filter((e) => e.id <= head);
        if (page.length === 0) {
          cursor = head;
          continue;
        }
        cursor = page[page.length - 1]!.id;
        return sseFrames(page);
      }
      const why = await new Promise<'event' | 'heartbeat'>((resolve) => {
        const timer = setTimeout(() => resolve('heartbeat'), o.heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve('event');
        };
      });
      wake = undefined;
      if (why === 'heartbeat') return encoder.encode(': heartbeat\n\n');
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(': connected\n\n'));
      },
      async pull(controller) {
        let chunk: Uint8Array | undefined;
        try {
          chunk = await nextChunk();
        } catch {
          // The log became unreadable (project unavailable): end the stream; the client reconnects and is told why.
          chunk = undefined;
        }
        if (chunk) return controller.enqueue(chunk);
        finish();
        controller.close();
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}
