import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open connections at most; at the cap, idle ones make room for new ones. */
  maxConnections: number;
  /** A connection must send a complete request head this soon after it opens (and within a request). */
  headTimeoutMs: number;
  /** No response is started on a connection while more than this much of its output is unsent. */
  maxUnsentBytes: number;
  /** Pipelined requests a connection may have waiting; past it the connection is no longer read. */
  maxQueuedRequests: number;
}

/**
 * Node parses every request in a chunk it has read before reading stops (a 64 KiB read can hold a few
 * thousand tiny requests), so a held connection may still queue up to one read's worth; past this, the
 * hold has failed.
 */
const MAX_WAITING = 8192;

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** One connection: the requests it pipelined that have not started, and whether one is being answered. */
interface Connection {
  socket: Socket;
  waiting: (() => void)[];
  busy: boolean;
  requests: number;
  held: boolean;
  patched: boolean;
  headTimer: NodeJS.Timeout | undefined;
}

/**
 * The HTTP server with what Node's own leaves open against a hostile or careless client:
 * - Pipelined requests of one connection are answered one at a time, and the next only starts once the
 *   previous answer has left the process (at most `maxUnsentBytes` unsent). A client that pipelines
 *   hundreds of large reads and never reads the answers holds one answer in memory, not hundreds.
 * - A connection that opens and sends nothing is closed after `headTimeoutMs`; a slow head is cut by
 *   Node's `headersTimeout`.
 * - At `maxConnections`, the oldest idle connection is closed for each new one; when every connection
 *   is busy (event streams, waiting pickups are), new ones are refused. Either is logged, at most every 10 s.
 */
export function createGuardedServer(
  listener: Listener,
  limits: ConnectionLimits,
  log: (line: string) => void = console.error,
): Server {
  const open = new Set<Connection>();
  const turns = new TakingTurns();
  const bySocket = new WeakMap<Socket, Connection>();
  const say = throttled(log, 10_000);

  const server = createServer(
    {
      headersTimeout: limits.headTimeoutMs,
      // Clients reuse keep-alive connections; the server must not be the side that closes an idle one
      // just as a request arrives (the client sees ECONNRESET on a non-idempotent POST).
      keepAliveTimeout: 65_000,
      requestTimeout: 0,
      connectionsCheckingInterval: Math.min(1000, limits.headTimeoutMs),
    },
    (req, res) => enqueue(req, res),
  );

  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections && !makeRoom()) {
      say(`connection limit reached (${limits.maxConnections} open, none idle): refusing new connections`);
      socket.destroy();
      return;
    }
    const conn: Connection = {
      socket,
      waiting: [],
      busy: false,
      requests: 0,
      held: false,
      patched: false,
      headTimer: undefined,
    };
    conn.headTimer = setTimeout(() => {
      if (conn.requests === 0) socket.destroy();
    }, limits.headTimeoutMs);
    conn.headTimer.unref();
    open.add(conn);
    bySocket.set(socket, conn);
    socket.once('close', () => {
      clearTimeout(conn.headTimer);
      conn.waiting.length = 0;
      open.delete(conn);
    });
  });

  /** Close the oldest idle connection, preferring one that never sent a request. */
  function makeRoom(): boolean {
    let victim: Connection | undefined;
    for (const c of open) {
      if (c.busy || c.waiting.length > 0) continue;
      if (c.requests === 0) {
        victim = c;
        break;
      }
      victim ??= c;
    }
    if (!victim) return false;
    say(`connection limit reached (${limits.maxConnections} open): closing idle connections to admit new ones`);
    open.delete(victim);
    victim.socket.destroy();
    return true;
  }

  function enqueue(req: IncomingMessage, res: ServerResponse): void {
    const conn = bySocket.get(req.socket);
    if (!conn) {
      void listener(req, res);
      return;
    }
    clearTimeout(conn.headTimer);
    conn.requests++;
    res.once('close', () => {
      conn.busy = false;
      next(conn, true);
    });
    conn.waiting.push(() => void listener(req, res));
    if (conn.waiting.length > MAX_WAITING) {
      // Reading was stopped, yet requests kept coming: no well-behaved client pipelines this far ahead.
      conn.socket.destroy();
      return;
    }
    if (conn.waiting.length > limits.maxQueuedRequests) hold(conn);
    next(conn);
  }

  /**
   * Start the connection's next request. One it pipelined behind an answer (`pipelined`) waits for its
   * turn among all connections' pipelined requests, one per turn of the event loop: ten clients that
   * pipeline large reads would otherwise each start one in the same turn as their answers leave, and
   * every other client's request would wait behind all ten.
   */
  function next(conn: Connection, pipelined = false): void {
    if (conn.busy || conn.waiting.length === 0 || conn.socket.destroyed) return;
    if (conn.socket.writableLength > limits.maxUnsentBytes) {
      conn.socket.once('drain', () => next(conn, true));
      return;
    }
    const start = conn.waiting.shift()!;
    conn.busy = true;
    if (conn.held && conn.waiting.length <= limits.maxQueuedRequests / 2) release(conn);
    if (pipelined) turns.take(() => conn.socket.destroyed || start());
    else start();
  }

  return server;
}

/**
 * Stop reading a connection. Node's HTTP server resumes a socket it paused itself when its output
 * drains; a connection held here stays unread until its queue is short again.
 */
function hold(conn: Connection): void {
  if (conn.held) return;
  conn.held = true;
  const socket = conn.socket as Socket & { _paused?: boolean };
  socket._paused = true;
  socket.pause();
  if (conn.patched) return;
  conn.patched = true;
  const resume = socket.resume.bind(socket);
  socket.resume = function (this: Socket) {
    return conn.held ? this : resume();
  };
}

function release(conn: Connection): void {
  conn.held = false;
  const socket = conn.socket as Socket & { _paused?: boolean };
  socket._paused = false;
  socket.resume();
}

/** Work that runs one piece per turn of the event loop, in the order it came, with I/O between pieces. */
class TakingTurns {
  private readonly queue: (() => unknown)[] = [];
  private scheduled = false;

  take(work: () => unknown): void {
    this.queue.push(work);
    if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    setImmediate(() => {
      this.queue.shift()?.();
      if (this.queue.length > 0) this.schedule();
      else this.scheduled = false;
    });
  }
}

function throttled(log: (line: string) => void, everyMs: number): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    log(line);
  };
}

/** Open files this process may hold, from /proc (Linux); undefined elsewhere. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
