/** Reading codepakt's loosely typed columns: timestamps, JSON lists, event details, enums. */

/** codepakt's `YYYY-MM-DD HH:MM:SS` (UTC, from SQLite's datetime('now')) → ISO 8601 with milliseconds. */
export function legacyTime(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}${m[4] ?? 'Z'}`) : Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/** A JSON array of strings, tolerating NULL, bad JSON and non-string items. */
export function stringList(value: string | null | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((x) =>
      typeof x === 'string' ? [x] : x === null || x === undefined ? [] : [JSON.stringify(x)],
    );
  } catch {
    return [];
  }
}

/** Trimmed, non-empty, each once, in their order. */
export function tagList(value: string | null | undefined): string[] {
  return [
    ...new Set(
      stringList(value)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** An event's `detail` column as an object: JSON objects as they are, anything else under `detail`. */
export function parseDetail(detail: string | null | undefined): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { detail: parsed };
  } catch {
    return { detail };
  }
}

/** `value` when it is one of `values`, else `fallback`. */
export const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
