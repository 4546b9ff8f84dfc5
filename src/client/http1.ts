/**
 * One HTTP/1.1 request over a plain TCP socket, for the CLI. node:http (its agent, client, parser and
 * outgoing-message machinery) cost each short-lived `cpk` process several milliseconds to load and
 * set up; a CLI call sends one request per connection and needs none of it. The request says
 * `Connection: close`; the answer ends at its Content-Length, at its last chunk, or when the server
 * closes the connection.
 */
import { connect } from 'node:net';

export interface RawRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  /** The request fails when the server sends nothing for this long. */
  silenceMs: number;
  signal?: AbortSignal | null | undefined;
}

export interface RawResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** The server answered with something that is not HTTP/1.x. */
export class MalformedResponseError extends Error {}

export function exchange(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) return reject(abortError(req.signal));
    const socket = connect({ host: unbracket(req.url.hostname), port: Number(req.url.port || 80) });
    const parser = new ResponseParser();
    let settled = false;
    const finish = (err: Error | null, res?: RawResponse) => {
      if (settled) return;
      settled = true;
      req.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else if (res) resolve(res);
    };
    const onAbort = () => finish(abortError(req.signal));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    socket.setNoDelay(true);
    socket.setTimeout(req.silenceMs, () => finish(new Error(`no answer within ${Math.round(req.silenceMs / 1000)} s`)));
    socket.on('error', (err) => finish(err));
    socket.on('data', (chunk: Buffer) => {
      try {
        const done = parser.push(chunk);
        if (done) finish(null, done);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('end', () => {
      try {
        finish(null, parser.end());
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.write(serialize(req));
  });
}

function serialize(req: RawRequest): string {
  const lines = [
    `${req.method} ${req.url.pathname}${req.url.search} HTTP/1.1`,
    `host: ${req.url.host}`,
    'connection: close',
  ];
  for (const [name, value] of Object.entries(req.headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value))
      throw new TypeError(`header ${JSON.stringify(name)} contains a line break`);
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'connection' && lower !== 'content-length') lines.push(`${name}: ${value}`);
  }
  if (req.body !== null) lines.push(`content-length: ${Buffer.byteLength(req.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${req.body ?? ''}`;
}

/** Reads one response; `push` returns it as soon as it is complete. */
class ResponseParser {
  private buffered: Buffer[] = [];
  private size = 0;
  private head: Head | undefined;

  push(chunk: Buffer): RawResponse | undefined {
    this.buffered.push(chunk);
    this.size += chunk.length;
    if (!this.head) {
      let all = this.all();
      this.head = parseHead(all);
      // An interim answer (103 Early Hints) comes before the real one.
      while (this.head && this.head.status < 200) {
        all = all.subarray(this.head.bodyAt);
        this.buffered = [all];
        this.size = all.length;
        this.head = parseHead(all);
      }
    }
    const head = this.head;
    if (!head) return undefined;
    if (head.status === 204 || head.status === 304) return { status: head.status, headers: head.headers, body: '' };
    if (head.chunked) {
      const body = dechunk(this.all().subarray(head.bodyAt));
      return body === undefined ? undefined : { status: head.status, headers: head.headers, body };
    }
    // With a length, the chunks are joined once, when the last one is in (a long answer arrives in many).
    if (head.length !== null && this.size - head.bodyAt >= head.length) {
      return {
        status: head.status,
        headers: head.headers,
        body: this.all()
          .subarray(head.bodyAt, head.bodyAt + head.length)
          .toString('utf8'),
      };
    }
    return undefined;
  }

  /** The server closed the connection: what arrived is the whole answer, if it is one. */
  end(): RawResponse {
    const all = this.all();
    const head = this.head ?? parseHead(all);
    if (!head)
      throw all.length === 0
        ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        : new MalformedResponseError('the answer ended before its headers did');
    if (head.chunked || (head.length !== null && all.length - head.bodyAt < head.length)) {
      throw Object.assign(new Error('the connection closed in the middle of the answer'), { code: 'ECONNRESET' });
    }
    return { status: head.status, headers: head.headers, body: all.subarray(head.bodyAt).toString('utf8') };
  }

  private all(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.size)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }
}

interface Head {
  status: number;
  headers: [string, string][];
  length: number | null;
  chunked: boolean;
  bodyAt: number;
}

/** Status line and headers, once they have all arrived. */
function parseHead(data: Buffer): Head | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) {
    if (data.length > 64 * 1024)
      throw new MalformedResponseError('the answer has no end of headers in its first 64 KiB');
    if (data.length >= 5 && !data.subarray(0, 5).equals(Buffer.from('HTTP/')))
      throw new MalformedResponseError('the answer is not HTTP');
    return undefined;
  }
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!m) throw new MalformedResponseError('the answer is not HTTP/1.x');
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedResponseError(`a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const status = Number(m[1]);
  const lengthHeader = headers.find(([k]) => k === 'content-length')?.[1];
  const chunked = headers.some(([k, v]) => k === 'transfer-encoding' && /(^|,)\s*chunked\s*$/i.test(v));
  const length = lengthHeader === undefined || chunked ? null : Number(lengthHeader);
  if (length !== null && !(Number.isInteger(length) && length >= 0))
    throw new MalformedResponseError(`a malformed content-length: ${lengthHeader}`);
  return { status, headers, length, chunked, bodyAt: end + 4 };
}

/** The body of a complete chunked encoding; undefined while chunks are still to come. */
function dechunk(data: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw new MalformedResponseError('a malformed chunk size');
    if (size === 0) {
      // Trailers, if any, end with an empty line.
      return data.indexOf('\r\n\r\n', lineEnd) >= 0 ? Buffer.concat(parts).toString('utf8') : undefined;
    }
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function abortError(signal: AbortSignal | null | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
}
