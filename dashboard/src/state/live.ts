import { type ApiClient, type Event, call, describeError, notifyUnauthorized } from '../api.js';
import { SseParser, backoffDelay } from '../sse.js';
import { Observable } from './observable.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'stopped';

/** Server heartbeats arrive every 15 s; this much silence means the connection is dead. */
const SILENCE_MS = 45_000;

/**
 * The project's live event stream, read through the typed client and parsed here. Reconnects with
 * backoff after any failure, resuming after the last event seen (Last-Event-ID), so nothing is missed
 * across server restarts. The first connection starts from "now": the caller loads its data once the
 * stream is open, so every later change arrives as an event.
 */
export class LiveStream extends Observable {
  state: ConnectionState = 'connecting';
  /** Id of the last event delivered; null until one arrives. */
  lastEventId: number | null = null;
  private stopped = false;
  private abort: AbortController | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly handlers = new Set<(e: Event) => void>();
  private readonly openHandlers = new Set<(resumed: boolean) => void>();

  constructor(
    private readonly api: ApiClient,
    private readonly projectId: string,
  ) {
    super();
  }

  onEvent(fn: (e: Event) => void): () => void {
    this.handlers.add(fn);
    return () => this.handlers.delete(fn);
  }

  /**
   * Called each time the stream is open and subscribed; `resumed` says whether the server replays what
   * was missed (false when no event had been seen, so the caller must reload instead).
   */
  onOpen(fn: (resumed: boolean) => void): () => void {
    this.openHandlers.add(fn);
    return () => this.openHandlers.delete(fn);
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wakeUp?.();
    this.setState('stopped');
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed();
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const outcome = await this.connectOnce(() => {
        attempt = 0;
        this.setState('live');
      });
      if (this.stopped) return;
      if (outcome === 'unauthorized') {
        this.setState('unauthorized');
        notifyUnauthorized();
      } else {
        this.setState('reconnecting');
      }
      await this.sleep(backoffDelay(attempt++));
    }
  }

  private async connectOnce(onLive: () => void): Promise<'ended' | 'unauthorized'> {
    const abort = new AbortController();
    this.abort = abort;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(), SILENCE_MS);
    };
    try {
      watch();
      const resumeFrom = this.lastEventId;
      const res = await this.api.GET('/api/events/stream', {
        params: {
          query: { project_id: this.projectId },
          ...(resumeFrom !== null ? { header: { 'last-event-id': String(resumeFrom) } } : {}),
        },
        parseAs: 'stream',
        signal: abort.signal,
      });
      if (!res.data) {
        if (res.response.status === 401) return 'unauthorized';
        throw describeError(res.error, res.response.status);
      }
      const reader = res.data.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      let opened = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        if (!opened) {
          // The server writes its first comment only after subscribing: from here nothing is lost.
          opened = true;
          onLive();
          for (const fn of this.openHandlers) fn(resumeFrom !== null);
        }
        for (const message of parser.push(value)) {
          if (!message.data) continue;
          let event: Event;
          try {
            event = JSON.parse(message.data) as Event;
          } catch {
            continue;
          }
          if (typeof event.id !== 'number' || (this.lastEventId !== null && event.id <= this.lastEventId)) continue;
          this.lastEventId = event.id;
          for (const fn of this.handlers) fn(event);
        }
      }
      return 'ended';
    } catch {
      return 'ended';
    } finally {
      clearTimeout(silence);
      abort.abort();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** Id of the newest event of a project, for the activity feed's first page. */
export async function findLatestEventId(api: ApiClient, projectId: string): Promise<number> {
  const res = await call(
    api.GET('/api/events', { params: { query: { project_id: projectId, order: 'desc', limit: 1 } } }),
  );
  return res.data[0]?.id ?? 0;
}
