/** A lone UTF-16 surrogate: valid in a JS string (and in JSON.stringify's output), refused by PostgreSQL's json. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON for a json parameter. A lone surrogate becomes U+FFFD, as it does in any text the driver sends
 * (it encodes strings as UTF-8), instead of failing the statement.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
}
