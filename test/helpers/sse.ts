import { request, type ClientRequest } from 'node:http';

export interface StreamedEvent {
  id: number;
  type: string;
  data: { id: number; type: string; entity_id: string; payload: Record<string, unknown> };
}

export interface SseClient {
  events: StreamedEvent[];
  /** Comment lines the server sent (`: connected`, `: heartbeat`). */
  comments: string[];
  /** Resolves once the server has said `: connected` (it is subscribed from then on). */
  connected: Promise<void>;
  /** Resolves once `n` events have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<StreamedEvent[]>;
  /** Stop or go on reading the socket (a slow reader). */
  pause(): void;
  resume(): void;
  close(): void;
}

/** A real HTTP client reading `/api/events/stream`, collecting every event it is sent. */
export function openSse(baseUrl: string, projectId: string, headers: Record<string, string> = {}): SseClient {
  const events: StreamedEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  let onConnected: () => void = () => undefined;
  let onFailed: (err: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    onFailed = reject;
  });
  let response: import('node:http').IncomingMessage | undefined;
  let paused = false;
  const req: ClientRequest = request(
    `${baseUrl}/api/events/stream?project_id=${projectId}`,
    { headers, agent: false },
    (res) => {
      if (res.statusCode !== 200) return onFailed(new Error(`stream answered ${res.statusCode}`));
      if (!String(res.headers['content-type']).includes('text/event-stream'))
        return onFailed(new Error(`stream is ${res.headers['content-type']}`));
      response = res;
      if (paused) res.pause();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          if (block.startsWith(':')) {
            comments.push(block);
            if (block.includes('connected')) onConnected();
            continue;
          }
          const fields = Object.fromEntries(
            block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
          );
          events.push({
            id: Number(fields.id),
            type: fields.event ?? '',
            data: JSON.parse(fields.data ?? 'null') as StreamedEvent['data'],
          });
          for (const w of waiters.splice(0)) w();
        }
      });
    },
  );
  req.on('error', (err) => onFailed(err));
  req.end();
  return {
    events,
    comments,
    connected,
    async waitFor(n, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`stream had ${events.length} of ${n} events after ${ms} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events;
    },
    pause: () => {
      paused = true;
      response?.pause();
    },
    resume: () => {
      paused = false;
      response?.resume();
    },
    close: () => req.destroy(),
  };
}
