import { ApiError } from '../errors.js';
import { lineError } from './fields.js';

export interface Line {
  /** 1-based. */
  number: number;
  text: string;
}

export interface LineLimits {
  maxLineBytes: number;
  maxTotalBytes: number;
}

/**
 * The lines of a byte stream (UTF-8, `\n` or `\r\n`), chunk by chunk as it arrives: only the line being
 * read is held across chunks, so an archive of any size costs one line of memory. Synchronous, so a
 * chunk is split, checked and written in one go and let go of at once (a chunk that lives through a few
 * garbage collections is moved to the old generation, holding its memory until a full one). A line
 * longer than the limit, bytes that are not UTF-8, or a stream longer than the total are refused
 * naming the line.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private total = 0;
  private number = 0;

  constructor(private readonly limits: LineLimits) {}

  /** The lines the chunk completes. */
  push(chunk: Uint8Array): Line[] {
    this.total += chunk.length;
    if (this.total > this.limits.maxTotalBytes)
      throw new ApiError(
        'payload_too_large',
        `The archive exceeds ${this.limits.maxTotalBytes} bytes, the most an import takes; nothing was imported`,
      );
    const out: Line[] = [];
    let at = 0;
    for (;;) {
      const end = chunk.indexOf(10, at);
      if (end < 0) break;
      this.number++;
      const piece = chunk.subarray(at, end);
      const size = this.pendingBytes + piece.length;
      if (size > this.limits.maxLineBytes) throw this.tooLong(this.number);
      const bytes = this.pending.length === 0 ? piece : concat([...this.pending, piece], size);
      this.pending = [];
      this.pendingBytes = 0;
      out.push({ number: this.number, text: this.decode(bytes) });
      at = end + 1;
    }
    if (at < chunk.length) {
      const rest = chunk.subarray(at);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.limits.maxLineBytes) throw this.tooLong(this.number + 1);
      // A copy: the stream may reuse the chunk's memory once it is handed back.
      this.pending.push(rest.slice());
    }
    return out;
  }

  /** The last line, when the stream does not end with a newline. */
  end(): Line[] {
    if (this.pendingBytes === 0) return [];
    this.number++;
    const bytes = concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return [{ number: this.number, text: this.decode(bytes) }];
  }

  /** Lines read so far. */
  get lines(): number {
    return this.number;
  }

  private decode(bytes: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      throw lineError(this.number, '', 'not valid UTF-8 text');
    }
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  private tooLong(line: number): ApiError {
    return lineError(line, '', `longer than ${this.limits.maxLineBytes} bytes, the most one line may hold`);
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
