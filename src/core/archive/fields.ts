import { ApiError } from '../errors.js';
import { NUL_REASON } from '../rules/text.js';

/** A refusal of an archive, naming the line (1-based) and the field of it that is wrong. */
export function lineError(line: number, field: string, reason: string): ApiError {
  const where = field ? `line ${line}.${field}` : `line ${line}`;
  return new ApiError('validation_error', `${where}: ${reason}; nothing was imported`, [
    { path: where, message: reason },
  ]);
}

/** ISO 8601 as the stores write it (UTC or with an offset, seconds, optional fraction). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Generous bounds: an archive carries what a store holds, which older versions may have let grow past today's API limits. */
const MAX_STRING = 1024 * 1024;
const MAX_LIST = 100_000;

interface StringRule {
  min?: number;
  max?: number;
}

/**
 * Reads the fields of one line's object, each checked as it is taken; `done()` refuses any field not
 * taken (a line of a newer format, or of something else). Every refusal names the line and the field.
 */
export class Fields {
  private readonly taken = new Set<string>();

  constructor(
    readonly line: number,
    private readonly value: Record<string, unknown>,
    private readonly prefix = '',
  ) {}

  static of(line: number, value: unknown, prefix = ''): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw lineError(line, prefix.replace(/\.$/, ''), 'must be a JSON object');
    return new Fields(line, value as Record<string, unknown>, prefix);
  }

  fail(field: string, reason: string): never {
    throw lineError(this.line, `${this.prefix}${field}`, reason);
  }

  raw(field: string): unknown {
    this.taken.add(field);
    return this.value[field];
  }

  has(field: string): boolean {
    return Object.hasOwn(this.value, field);
  }

  string(field: string, rule: StringRule = {}): string {
    const v = this.raw(field);
    if (typeof v !== 'string') return this.fail(field, v === undefined ? 'Required' : 'must be a string');
    return this.checkLength(field, v, rule);
  }

  nullableString(field: string, rule: StringRule = {}): string | null {
    const v = this.raw(field);
    if (v === null) return null;
    if (typeof v !== 'string')
      return this.fail(field, v === undefined ? 'Required (null when empty)' : 'must be a string or null');
    return this.checkLength(field, v, rule);
  }

  timestamp(field: string): string {
    const v = this.string(field);
    if (!TIMESTAMP.test(v)) this.fail(field, `${JSON.stringify(v.slice(0, 40))} is not an ISO 8601 timestamp`);
    return v;
  }

  nullableTimestamp(field: string): string | null {
    return this.raw(field) === null ? null : this.timestamp(field);
  }

  integer(field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw(field);
    if (typeof v !== 'number' || !Number.isInteger(v))
      return this.fail(field, v === undefined ? 'Required' : 'must be an integer');
    if (v < min || v > max) this.fail(field, `must be from ${min} to ${max}, not ${v}`);
    return v;
  }

  nullableInteger(field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
    return this.raw(field) === null ? null : this.integer(field, min, max);
  }

  boolean(field: string): boolean {
    const v = this.raw(field);
    if (typeof v !== 'boolean') return this.fail(field, v === undefined ? 'Required' : 'must be true or false');
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.raw(field);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      return this.fail(
        field,
        v === undefined ? 'Required' : `must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`,
      );
    return v as T;
  }

  exactly<T extends string | number>(field: string, expected: T, reason: (v: unknown) => string): T {
    const v = this.raw(field);
    if (v !== expected) this.fail(field, reason(v));
    return expected;
  }

  list(field: string): unknown[] {
    const v = this.raw(field);
    if (!Array.isArray(v)) return this.fail(field, v === undefined ? 'Required' : 'must be an array');
    if (v.length > MAX_LIST) this.fail(field, `holds more than ${MAX_LIST} items`);
    return v;
  }

  strings(field: string, rule: StringRule = {}): string[] {
    const items = this.list(field);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item !== 'string') this.fail(`${field}[${i}]`, 'must be a string');
      this.checkLength(`${field}[${i}]`, item, rule);
    }
    return items as string[];
  }

  object(field: string): Fields {
    return Fields.of(this.line, this.raw(field), `${this.prefix}${field}.`);
  }

  /** Every field of the object was read: anything else is unknown to this version of the format. */
  done(): void {
    for (const key of Object.keys(this.value)) if (!this.taken.has(key)) this.fail(key, 'Unknown field');
  }

  /** The fields not taken, as they are (for records that carry fields of their own, such as notes). */
  rest(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(this.value)) if (!this.taken.has(key)) out[key] = this.value[key];
    return out;
  }

  private checkLength(field: string, v: string, rule: StringRule): string {
    const min = rule.min ?? 0;
    const max = rule.max ?? MAX_STRING;
    if (v.length < min) this.fail(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (v.length > max) this.fail(field, `must be at most ${max} characters`);
    if (v.includes('\u0000')) this.fail(field, NUL_REASON);
    return v;
  }
}
