import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiClient } from '../../client/index.js';
import { boardSetupGuide, GUIDE_DOC, PRD_DOC } from '../protocol/board-guide.js';
import { call } from '../context.js';
import { CliError, EXIT } from '../output.js';

/** Largest PRD the knowledge base takes as one doc body. */
export const MAX_PRD_CHARS = 200_000;

/** Read the PRD named by `--prd` before anything is registered, so a wrong path changes nothing. */
export function readPrd(cwd: string, file: string): string {
  const path = resolve(cwd, file);
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `--prd: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (text.length > MAX_PRD_CHARS)
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `--prd: ${path} has ${text.length} characters; the limit is ${MAX_PRD_CHARS}`,
    );
  if (text.trim() === '') throw new CliError(EXIT.usage, 'invalid_option', `--prd: ${path} is empty`);
  return text;
}

/**
 * Store the PRD as a reference doc and add the board setup guide. Re-running updates the PRD's body
 * when the file changed and otherwise writes nothing, so `init --prd` stays idempotent.
 */
export async function intakePrd(
  api: ApiClient,
  url: string,
  projectId: string,
  body: string,
  /** Undefined with a token: a token bound to an agent names it (and may write as no one else). */
  author: string | undefined,
): Promise<{ prd: string; guide: string }> {
  const query = { project_id: projectId };
  const find = async (tag: string, title: string) => {
    const docs = await call(api.GET('/api/docs', { params: { query: { ...query, tag, limit: 1000 } } }), url);
    return docs.data.find((d) => d.title.toLowerCase() === title.toLowerCase());
  };

  let prdId: string;
  const existingPrd = await find('prd', PRD_DOC.title);
  if (existingPrd) {
    prdId = existingPrd.id;
    await call(
      api.PATCH('/api/docs/{id}', { params: { path: { id: prdId }, query }, body: { body, actor: author } }),
      url,
    );
  } else {
    const created = await call(
      api.POST('/api/docs', { params: { query }, body: { ...PRD_DOC, tags: [...PRD_DOC.tags], body, author } }),
      url,
    );
    prdId = created.data.id;
  }

  const existingGuide = await find('guide', GUIDE_DOC.title);
  const guide =
    existingGuide?.id ??
    (
      await call(
        api.POST('/api/docs', {
          params: { query },
          body: {
            ...GUIDE_DOC,
            tags: [...GUIDE_DOC.tags],
            body: boardSetupGuide(prdId),
            author: author === undefined ? undefined : 'system',
          },
        }),
        url,
      )
    ).data.id;
  return { prd: prdId, guide };
}
