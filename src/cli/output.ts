/** What `cpk` prints: one compact JSON line for agents, readable text with --human, errors on stderr. */
import { writeSync } from 'node:fs';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  nothing_to_pick_up: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  rejected or failed (the server said no: conflict, not found, invalid)
  2  usage error (unknown command or flag, bad value)
  3  server unreachable, or its storage unavailable for now (retry)
  4  nothing to pick up`;

/** A failure a command reports: one JSON line on stderr, then this exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo: Io = {
  out: writeOut,
  err: (t) => process.stderr.write(t),
};

let viaStream = false;

/**
 * Straight to file descriptor 1: making process.stdout (over a pipe, a net.Socket, which loads net and
 * stream) cost a short call several milliseconds. What fd 1 will not take at once (a full non-blocking
 * pipe) goes through process.stdout, as does everything after it, so the order holds.
 */
function writeOut(text: string): void {
  let rest = Buffer.from(text);
  if (!viaStream) {
    try {
      while (rest.length) rest = rest.subarray(writeSync(1, rest));
      return;
    } catch {
      viaStream = true;
    }
  }
  process.stdout.write(rest);
}

/** Drop null, undefined, empty strings, empty arrays and empty objects: agents pay for every byte. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p === null || p === undefined || p === '') continue;
      if (Array.isArray(p) && p.length === 0) continue;
      if (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return value;
}

export function compactJson(value: unknown): string {
  return JSON.stringify(prune(value)) ?? 'null';
}

export function writeError(io: Io, err: CliError): void {
  // One line for agents to read: a message never carries a newline (JSON would show it as \n).
  const body: Record<string, unknown> = { error: err.code, message: err.message.replace(/\s*\n\s*/g, ' ').trim() };
  if (err.details !== undefined) body.details = err.details;
  io.err(`${JSON.stringify(body)}\n`);
}

/** Plain-text rendering for people: records as aligned key/value lines, lists as tables. */
export function humanText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v)))
      return table(value as Record<string, unknown>[]);
    return value.map((v) => `- ${cell(v)}`).join('\n');
  }
  const entries = Object.entries(prune(value) as Record<string, unknown>);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`).join('\n');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(prune(r) as object)))];
  const cells = rows.map((r) => cols.map((c) => clip(cell(r[c]).replace(/\s+/g, ' '), 60)));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** At most `max` characters; a cut shows as a trailing ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `3m ago`, `in 2h`, `just now`: how people read a timestamp; an unparsable one is returned as given. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 10) return 'just now';
  const [n, unit] =
    abs < 90
      ? [abs, 's']
      : abs < 5400
        ? [Math.round(abs / 60), 'm']
        : abs < 129600
          ? [Math.round(abs / 3600), 'h']
          : [Math.round(abs / 86400), 'd'];
  return diff < 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
}
