/** A lone UTF-16 surrogate: valid in a JS string (and in JSON.stringify's output), refused by PostgreSQL's json. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON for a json parameter. A lone surrogate becomes U+FFFD, as it does in any text the driver sends
 * (it encodes strings as UTF-8), instead of failing the statement.
 */
export function toJson(value: unknown): string {
  // JSON.stringify writes a lone surrogate as an escape (\udXXX); only then are strings walked one by
  // one (a replacer called for every value took half of a batch create's CPU in the server).
  const plain = JSON.stringify(value);
  if (!ESCAPED_SURROGATE.test(plain)) return plain;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
}

/** What JSON.stringify writes for a surrogate (or a text that reads like one, which the slow path keeps as it is). */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;
