import type { EventBatch } from '../../core/live-feed.js';
import type { EventRecord } from '../../core/types.js';

const encoder = new TextEncoder();
/** Each batch is encoded once, whatever number of streams sends it. */
const encodedBatches = new WeakMap<EventBatch, Uint8Array>();
const CATCH_UP_PAGE = 500;

export const CONNECTED = encoder.encode(': connected\n\n');
export const HEARTBEAT = encoder.encode(': heartbeat\n\n');

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
 * Where one event stream stands in the project's log: the last id it was sent, and the feed's head.
 * A stream that keeps up is handed each batch's shared bytes; one that fell behind (a resume, a
 * reader slower than the board) reads the log after its last id, a page at a time.
 */
export class EventCursor {
  private head: number;

  constructor(
    private sent: number,
    feedHead: number,
    private readonly eventsAfter: (after: number, limit: number) => Promise<EventRecord[]>,
  ) {
    this.head = feedHead;
  }

  /** The bytes of `batch` for this stream when it is caught up; undefined when it must read the log (or has nothing new). */
  take(batch: EventBatch): Uint8Array | undefined {
    this.head = Math.max(this.head, batch.last);
    if (batch.after === this.sent) {
      this.sent = batch.last;
      return framesOf(batch);
    }
    if (batch.after < this.sent && this.sent < batch.last) {
      const rest = batch.events.filter((e) => e.id > this.sent);
      this.sent = batch.last;
      return sseFrames(rest);
    }
    return undefined;
  }

  /** Remember the feed moved on without sending: the stream could not take it now. */
  note(batch: EventBatch): void {
    this.head = Math.max(this.head, batch.last);
  }

  get behind(): boolean {
    return this.sent < this.head;
  }

  /** The next page of the log this stream has not been sent, up to the feed's head; undefined once caught up. */
  async catchUp(): Promise<Uint8Array | undefined> {
    while (this.sent < this.head) {
      const head = this.head;
      const page = (await this.eventsAfter(this.sent, CATCH_UP_PAGE)).filter((e) => e.id <= head);
      if (page.length === 0) {
        this.sent = head;
        continue;
      }
      this.sent = page[page.length - 1]!.id;
      return sseFrames(page);
    }
    return undefined;
  }
}
