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
  if (typeof value === 'string') return value.includes('\u0000') ? pathText(path) : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return pathText([...path, key]);
    const found = nulPath(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}
