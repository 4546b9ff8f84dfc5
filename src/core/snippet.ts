/**
 * Search snippets as the stores make them: matches wrapped in two private-use characters (which no
 * doc contains, unlike markdown's `**`), turned here into the forms the API gives out.
 */
export const MATCH_OPEN = '\uE000';
export const MATCH_CLOSE = '\uE001';

export interface SnippetRun {
  text: string;
  match: boolean;
}

/** The classic form: matches wrapped in `**` (what the CLI prints). */
export function markedSnippet(raw: string): string {
  return raw.replaceAll(MATCH_OPEN, '**').replaceAll(MATCH_CLOSE, '**');
}

/** Plain and matched runs, so a reader can highlight matches without mistaking the doc's own `**bold**` for one. */
export function snippetRuns(raw: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  let match = false;
  for (const part of raw.split(/([\uE000\uE001])/)) {
    if (part === MATCH_OPEN) match = true;
    else if (part === MATCH_CLOSE) match = false;
    else if (part) runs.push({ text: part, match });
  }
  return runs;
}

/** A snippet of the tags column, stored as a JSON array (`["stripe","gotcha"]`), read as `#stripe #gotcha`. */
export function tagsSnippet(raw: string): string {
  return raw
    .replace(/^\s*\[\s*"?/, '#')
    .replace(/"?\s*\]\s*$/, '')
    .replace(/"\s*,\s*"/g, ' #')
    .replaceAll('\\"', '"');
}
