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
 * The lines of a byte stream (UTF-8, `\n` or `\r\n`), as they arrive: only the line being read is
 * held, so an archive of any size costs one line of memory. A line longer than the limit, bytes that
 * are not UTF-8, or a stream longer than the total are refused naming the line.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, limits: LineLimits): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let number = 0;
  const decode = (parts: Uint8Array[], size: number): string => {
    const bytes = parts.length === 1 ? parts[0]! : concat(parts, size);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw lineError(number, '', 'not valid UTF-8 text');
    }
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limits.maxTotalBytes)
      throw new ApiError(
        'payload_too_large',
        `The archive exceeds ${limits.maxTotalBytes} bytes, the most an import takes; nothing was imported`,
      );
    let at = 0;
    for (;;) {
      const end = chunk.indexOf(10, at);
      if (end < 0) break;
      number++;
      const piece = chunk.subarray(at, end);
      if (pendingBytes + piece.length > limits.maxLineBytes) throw tooLong(number, limits.maxLineBytes);
      const text =
        pending.length === 0 ? decode([piece], piece.length) : decode([...pending, piece], pendingBytes + piece.length);
      pending = [];
      pendingBytes = 0;
      yield { number, text };
      at = end + 1;
    }
    if (at < chunk.length) {
      const rest = chunk.subarray(at);
      pendingBytes += rest.length;
      if (pendingBytes > limits.maxLineBytes) throw tooLong(number + 1, limits.maxLineBytes);
      // A copy: the stream may reuse the chunk's memory once it is handed back.
      pending.push(rest.slice());
    }
  }
  if (pendingBytes > 0) {
    number++;
    yield { number, text: decode(pending, pendingBytes) };
  }
}

function tooLong(line: number, max: number): ApiError {
  return lineError(line, '', `longer than ${max} bytes, the most one line may hold`);
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
