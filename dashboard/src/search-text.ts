/**
 * What a search box sends while a person types: every plain word becomes a prefix (`pass` finds
 * `password`). Quoted phrases, excluded words (`-draft`) and words already ending in `*` are kept as typed.
 */
export function prefixQuery(input: string): string {
  const tokens = input.trim().match(/-?"[^"]*"\*?|\S+/g) ?? [];
  return tokens
    .map((t) => (t.startsWith('"') || t.startsWith('-') || t.endsWith('*') || !/[\p{L}\p{N}]$/u.test(t) ? t : `${t}*`))
    .join(' ');
}

/** Words of a query for highlighting matches client-side (task titles): lower-cased, no syntax. */
export function queryWords(input: string): string[] {
  return (input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 0);
}
