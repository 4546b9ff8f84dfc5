import { z } from '@hono/zod-openapi';
import { DOC_TYPES } from '../../core/types.js';

const noControl = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const singleLine = /^[^\u0000-\u001f\u007f]*$/;

export const DOC_LIMITS = {
  title: 200,
  body: 200_000,
  section: 100,
  tag: 50,
  tags: 20,
  author: 100,
  query: 500,
} as const;

export const DocTypeSchema = z
  .enum(DOC_TYPES)
  .openapi('DocType', { description: 'operational | decision | reference | learning' });

const Tag = z.string().trim().min(1).max(DOC_LIMITS.tag).regex(singleLine, 'must not contain control characters');
const Tags = z
  .array(Tag)
  .max(DOC_LIMITS.tags)
  .openapi({ example: ['auth', 'security'] });
const Title = z.string().trim().min(1).max(DOC_LIMITS.title).regex(singleLine, 'must not contain control characters');
const Body = z
  .string()
  .max(DOC_LIMITS.body)
  .regex(noControl, 'must not contain control characters other than tab and newline');
const Section = z
  .string()
  .trim()
  .min(1)
  .max(DOC_LIMITS.section)
  .regex(singleLine, 'must not contain control characters');
const Name = z.string().trim().min(1).max(DOC_LIMITS.author).regex(singleLine, 'must not contain control characters');

const summaryShape = {
  id: z.string().openapi({ example: 'D-001' }),
  project_id: z.string().openapi({ description: 'The project the doc belongs to' }),
  type: DocTypeSchema,
  title: z.string().openapi({ example: 'Auth token lifetime' }),
  section: z.string().nullable().openapi({ example: 'backend' }),
  tags: z.array(z.string()),
  author: z.string().nullable().openapi({ example: 'claude-1' }),
  created_at: z.string().openapi({ example: '2026-11-24T09:00:00.000Z' }),
  updated_at: z.string().openapi({ example: '2026-11-24T09:00:00.000Z' }),
};

export const DocSchema = z
  .object({ ...summaryShape, body: z.string().openapi({ description: 'Markdown' }) })
  .openapi('Doc');

export const DocSummarySchema = z.object(summaryShape).openapi('DocSummary', { description: 'A doc without its body' });

export const DocSearchHitSchema = z
  .object({
    ...summaryShape,
    snippet: z.string().openapi({
      description: 'Passage around the matches, matched words wrapped in `**`',
      example: 'Tokens expire after **15 minutes**…',
    }),
    snippet_runs: z
      .array(z.object({ text: z.string(), match: z.boolean() }).openapi('SnippetRun'))
      .optional()
      .openapi({
        description:
          'With `runs=true`: the snippet as plain and matched runs, so the doc’s own `**` is never read as a match',
      }),
    score: z
      .number()
      .openapi({ description: 'Relevance rank: higher is better; comparable between the hits of one search only' }),
  })
  .openapi('DocSearchHit');

export const NewDocSchema = z
  .object({
    type: DocTypeSchema,
    title: Title,
    body: Body.openapi({ description: 'Markdown' }),
    section: Section.nullable().optional(),
    tags: Tags.optional(),
    author: Name.nullable().optional().openapi({ description: 'Who wrote it (an agent name or a person)' }),
  })
  .strict()
  .openapi('NewDoc');

export const DocPatchSchema = z
  .object({
    type: DocTypeSchema.optional(),
    title: Title.optional(),
    body: Body.optional(),
    section: Section.nullable().optional().openapi({ description: 'null clears it' }),
    tags: Tags.optional().openapi({ description: 'Replaces the tags' }),
    actor: Name.optional().openapi({ description: 'Who makes the change (default "human")' }),
  })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'actor'), {
    message: 'Nothing to update: give at least one of type, title, body, section, tags',
  })
  .openapi('DocPatch');

export const DocRefParam = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'Doc id', example: 'D-001' }),
});

export const DocFilterQuery = {
  type: DocTypeSchema.optional(),
  tag: Tag.optional().openapi({ description: 'Only docs carrying this tag' }),
};
