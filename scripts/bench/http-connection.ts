/**
 * One keep-alive HTTP/1.1 connection of the load client: requests written as prepared bytes, answers
 * framed by hand (Content-Length or chunked). On a 2-core machine the client shares the cores with the
 * server it measures; node:http's client cost about twice this per request (its parser, ClientRequest
 * and IncomingMessage streams), CPU the server under test then did not get.
 */
import { connect, type Socket } from 'node:net';

export interface HttpResult {
  status: number;
  body: string;
}

interface Pending {
  resolve: (r: HttpResult) => void;
  reject: (e: Error) => void;
  /** An answer with this status is read and dropped undecoded (body ''). */
  dropBodyOf: number | undefined;
}

/** Where the answer being read stands once its head is parsed. */
interface Head {
  status: number;
  bodyStart: number;
  /** The body's length, or -1 when it comes chunked. */
  length: number;
  close: boolean;
}

const NO_BODY = new Set([204, 304]);

export class HttpConnection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private head: Head | undefined;
  private pending: Pending | undefined;
  private readonly socket: Socket;
  private readonly connected: Promise<void>;
  /** Set once the connection can carry no more requests: closed, failed, or told to close. */
  broken: Error | undefined;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.connected.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  async request(head: string, body: string | undefined, dropBodyOf: number | undefined): Promise<HttpResult> {
    await this.connected;
    if (this.broken) throw this.broken;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, dropBodyOf };
      this.socket.write(body === undefined ? head : head + body);
    });
  }

  close(): void {
    this.broken ??= new Error('closed');
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.broken ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  private received(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      this.head ??= this.parseHead();
      if (this.head) this.tryFinish(this.head);
    } catch (err) {
      this.fail(err as Error);
      this.socket.destroy();
    }
  }

  /** The answer's status and framing, once its head has arrived. */
  private parseHead(): Head | undefined {
    const buf = this.joined();
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const text = buf.toString('latin1', 0, end).toLowerCase();
    const status = Number(text.slice(9, 12));
    const header = (name: string) => {
      const at = text.indexOf(`\r\n${name}:`);
      return at < 0 ? undefined : text.slice(at + name.length + 3, text.indexOf('\r\n', at + 2) >>> 0).trim();
    };
    const length = header('content-length');
    const chunked = header('transfer-encoding') === 'chunked';
    if (length === undefined && !chunked && !NO_BODY.has(status))
      throw new Error(`an answer with neither content-length nor chunks: ${text.slice(0, 200)}`);
    return {
      status,
      bodyStart: end + 4,
      length: chunked ? -1 : Number(length ?? 0),
      close: header('connection') === 'close',
    };
  }

  private tryFinish(head: Head): void {
    const body = head.length >= 0 ? this.fixedBody(head) : this.chunkedBody(head);
    if (body === undefined) return;
    const p = this.pending;
    this.pending = undefined;
    this.head = undefined;
    if (head.close) this.broken ??= new Error('the server asked to close the connection');
    p?.resolve({ status: head.status, body: p.dropBodyOf === head.status ? '' : body.toString('utf8') });
  }

  private fixedBody(head: Head): Buffer | undefined {
    if (this.buffered < head.bodyStart + head.length) return undefined;
    const buf = this.joined();
    this.keep(buf.subarray(head.bodyStart + head.length));
    return buf.subarray(head.bodyStart, head.bodyStart + head.length);
  }

  private chunkedBody(head: Head): Buffer | undefined {
    const buf = this.joined();
    const parts: Buffer[] = [];
    for (let at = head.bodyStart; ; ) {
      const eol = buf.indexOf('\r\n', at);
      if (eol < 0) return undefined;
      const size = Number.parseInt(buf.toString('latin1', at, eol), 16);
      if (buf.length < eol + 2 + size + 2) return undefined;
      if (size === 0) {
        this.keep(buf.subarray(eol + 4));
        return Buffer.concat(parts);
      }
      parts.push(buf.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }

  /** Everything received and not yet consumed, as one buffer (joined once, kept joined). */
  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
  }
}
