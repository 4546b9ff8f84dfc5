import { type Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, intOption, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { CliError, EXIT, relativeTime, table } from '../output.js';
import { DOC_TYPES, type DocType } from '../../core/types.js';
import type { ApiClient, Schemas } from '../../client/index.js';

type Doc = Schemas['Doc'];
type DocHit = Schemas['DocSearchHit'];
type DocSummary = Schemas['DocSummary'];

const typeOption = (description: string) => new Option('--type <type>', description).choices(DOC_TYPES);

/** `a, b,,c` → ['a', 'b', 'c']. */
export function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The body from `--body` or `--file` (`-` reads stdin); undefined when neither was given. */
function bodyFrom(cwd: string, opts: { body?: string; file?: string }): string | undefined {
  if (opts.body !== undefined && opts.file !== undefined)
    throw new CliError(EXIT.usage, 'invalid_option', 'Give either --body or --file, not both');
  if (opts.body !== undefined) return opts.body;
  if (opts.file === undefined) return undefined;
  try {
    return readFileSync(opts.file === '-' ? 0 : resolve(cwd, opts.file), 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.usage,
      'invalid_option',
      `--file: cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function summary(doc: Doc): DocSummary {
  const { body: _body, ...rest } = doc;
  return rest;
}

const summaryColumns = ['id', 'type', 'title', 'section', 'tags', 'author', 'updated'];

export function registerDocsCommands(program: Command, ctx: CommandContext): void {
  const docs = program.command('docs').description('Shared knowledge base: write, search, list, read and update docs');

  docs
    .command('write')
    .description('Write a new doc (prints it without its body)')
    .addOption(typeOption('doc type').makeOptionMandatory())
    .requiredOption('-t, --title <title>', 'title (1–200 characters)')
    .option('-b, --body <markdown>', 'body text (markdown)')
    .option('-f, --file <path>', 'read the body from a file (- for stdin)')
    .option('--section <name>', 'section it belongs to')
    .option('--tags <list>', 'comma-separated tags')
    .option('--author <name>', 'who wrote it (default CPK_AGENT, else the agent CPK_TOKEN is bound to, else "human")')
    .action(
      act(
        ctx,
        async (opts: {
          type: DocType;
          title: string;
          body?: string;
          file?: string;
          section?: string;
          tags?: string;
          author?: string;
        }) => {
          const body = bodyFrom(ctx.rt.cwd, opts);
          if (body === undefined)
            throw new CliError(EXIT.usage, 'invalid_option', 'docs write needs --body <markdown> or --file <path>');
          const p = projectContext(ctx.rt);
          // With a token, none is sent: the server writes as the agent a bound token names (else "human").
          const author = opts.author || ctx.rt.env.CPK_AGENT || (ctx.rt.env.CPK_TOKEN ? undefined : 'human');
          const res = await call(
            p.api.POST('/api/docs', {
              params: { query: { project_id: p.projectId } },
              body: {
                type: opts.type,
                title: opts.title,
                body,
                section: opts.section,
                tags: listOption(opts.tags),
                author,
              },
            }),
            p.url,
          );
          return { value: summary(res.data) };
        },
      ),
    );

  docs
    .command('search')
    .description(
      'Full-text search (all words, "a phrase", prefix*, -excluded; after -- when a word starts with -), best match first; prints snippets, not bodies',
    )
    .argument('<query...>', 'words to look for')
    .addOption(typeOption('only docs of this type'))
    .option('--tag <tag>', 'only docs with this tag')
    .option('-l, --limit <n>', 'at most this many results (default 10)')
    .action(
      act(ctx, async (words: string[], opts: { type?: DocType; tag?: string; limit?: string }) => {
        const p = projectContext(ctx.rt);
        const limit = intOption('--limit', opts.limit, 1, 100);
        const res = await call(
          p.api.GET('/api/docs/search', {
            params: { query: { project_id: p.projectId, q: words.join(' '), type: opts.type, tag: opts.tag, limit } },
          }),
          p.url,
        );
        return {
          value: res.data,
          human: () => humanHits(res.data),
        };
      }),
    );

  docs
    .command('list')
    .description('List docs (without bodies), oldest first')
    .addOption(typeOption('only docs of this type'))
    .option('--tag <tag>', 'only docs with this tag')
    .option('-l, --limit <n>', 'at most this many (default 100)')
    .action(
      act(ctx, async (opts: { type?: DocType; tag?: string; limit?: string }) => {
        const p = projectContext(ctx.rt);
        const limit = intOption('--limit', opts.limit, 1, 1000);
        const res = await call(
          p.api.GET('/api/docs', {
            params: { query: { project_id: p.projectId, type: opts.type, tag: opts.tag, limit } },
          }),
          p.url,
        );
        return {
          value: res.data,
          human: () =>
            res.data.length
              ? table(
                  res.data.map((d) => ({ ...d, updated: relativeTime(d.updated_at) })),
                  summaryColumns,
                )
              : '(no docs)',
        };
      }),
    );

  docs
    .command('read')
    .description('Print a doc with its body')
    .argument('<id>', 'doc id (D-001)')
    .action(
      act(ctx, async (id: string) => {
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/docs/{id}', { params: { path: { id }, query: { project_id: p.projectId } } }),
          p.url,
        );
        return { value: res.data, human: () => humanDoc(res.data) };
      }),
    );

  docs
    .command('update')
    .description('Change a doc’s title, body, type, section or tags (prints it without its body)')
    .argument('<id>', 'doc id (D-001)')
    .addOption(typeOption('new type'))
    .option('-t, --title <title>', 'new title')
    .option('-b, --body <markdown>', 'new body')
    .option('-f, --file <path>', 'read the new body from a file (- for stdin)')
    .option('--section <name>', 'new section ("" clears it)')
    .option('--tags <list>', 'comma-separated tags, replacing the current ones')
    .option('-a, --agent <name>', 'who makes the change (default CPK_AGENT, else human)')
    .action(
      act(
        ctx,
        async (
          id: string,
          opts: {
            type?: DocType;
            title?: string;
            body?: string;
            file?: string;
            section?: string;
            tags?: string;
            agent?: string;
          },
        ) => {
          const body = bodyFrom(ctx.rt.cwd, opts);
          const p = projectContext(ctx.rt);
          const section = opts.section === undefined ? undefined : opts.section.trim() === '' ? null : opts.section;
          const res = await call(
            p.api.PATCH('/api/docs/{id}', {
              params: { path: { id }, query: { project_id: p.projectId } },
              body: {
                type: opts.type,
                title: opts.title,
                body,
                section,
                tags: listOption(opts.tags),
                actor: opts.agent ?? (ctx.rt.env.CPK_AGENT || undefined),
              },
            }),
            p.url,
          );
          return { value: summary(res.data) };
        },
      ),
    );
}

function humanHits(hits: DocHit[]): string {
  if (hits.length === 0) return '(no matches)';
  return hits.map((h) => `${h.id}  [${h.type}]  ${h.title}\n    ${h.snippet.replace(/\s+/g, ' ')}`).join('\n');
}

export function humanDoc(doc: Doc): string {
  const meta = [
    doc.id,
    doc.type,
    doc.section,
    doc.tags.length ? doc.tags.join(', ') : null,
    doc.author ? `by ${doc.author}` : null,
    `updated ${relativeTime(doc.updated_at)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  // A body that opens with its own title as a heading is not given the title a second time.
  const [first = '', ...rest] = doc.body.replace(/^\s*\n/, '').split('\n');
  const headed = /^#{1,6}\s/.test(first) && first.replace(/^#{1,6}\s+/, '').trim() === doc.title.trim();
  return headed ? `${first}\n${meta}\n${rest.join('\n')}` : `# ${doc.title}\n${meta}\n\n${doc.body}`;
}

/** Id and title of each doc a task names in `context_refs` (D-001 …), in the order named; one call, none when no doc is named. */
export async function referencedDocs(
  api: ApiClient,
  url: string,
  projectId: string,
  refs: readonly string[],
): Promise<{ id: string; title: string }[]> {
  const ids = [...new Set(refs.map((r) => r.trim().toUpperCase()).filter((r) => /^D-\d{1,9}$/.test(r)))].slice(0, 100);
  if (ids.length === 0) return [];
  const res = await call(
    api.GET('/api/docs', { params: { query: { project_id: projectId, ids: ids.join(','), limit: ids.length } } }),
    url,
  );
  const byNumber = new Map(res.data.map((d) => [Number(d.id.slice(2)), d]));
  return ids.flatMap((id) => {
    const doc = byNumber.get(Number(id.slice(2)));
    return doc ? [{ id: doc.id, title: doc.title }] : [];
  });
}
