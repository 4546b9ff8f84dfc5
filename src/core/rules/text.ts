/**
 * Text a store keeps must not hold U+0000. PostgreSQL's text cannot hold it at all, SQLite would, and
 * tools downstream (C strings, terminals, grep) cut text at it: one rule for every store, so a request
 * is answered the same whichever backend runs, with a 400 naming the field.
 */
export const NUL_REASON = 'must not contain a NUL character (U+0000)';

/**
 * The dotted path of the first string (or object key) in `value` holding a NUL character, or undefined.
 * Paths are written as validation errors name fields (`tasks.0.title`, `(root)` for the value itself).
 */
export function nulPath(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  // Nearly every value holds none: one walk that builds no paths (a batch of 1,000 tasks is ~30,000
  // values), and the path only when there is one to name.
  if (!holdsNul(value)) return undefined;
  return pathOfNul(value, path);
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsNul(item)) return true;
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function pathOfNul(value: unknown, path: readonly (string | number)[]): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pathText(path) : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return pathText([...path, key]);
    const found = pathOfNul(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}
