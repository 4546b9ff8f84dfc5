import { z } from '@hono/zod-openapi';
import { globProblem, MAX_GLOB_LENGTH } from '../../core/rules/globs.js';
import { MAX_FILES } from '../../core/rules/reservations.js';

/** Schemas of files on tasks, reservations and verify results (imported by the task schemas). */

/** A path glob (docs/files.md); a bad one is refused naming the entry (`files.2`) and why. */
export const GlobSchema = z
  .string()
  .max(MAX_GLOB_LENGTH)
  .superRefine((text, ctx) => {
    const problem = globProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `Not a glob: "${text}" ${problem}` });
  })
  .openapi({
    description:
      'Path glob from the repository root: *, ?, [a-z], [!a-z], ** as a whole segment; a trailing / means /**',
    example: 'src/server/**',
  });

export const FilesSchema = z
  .array(GlobSchema)
  .max(MAX_FILES)
  .openapi({ description: `Files the task touches, as path globs (at most ${MAX_FILES})`, example: ['src/core/**'] });

export const HoldSchema = z
  .object({
    kind: z.enum(['task', 'reservation']).openapi({ description: "A task's live claim, or an ad-hoc reservation" }),
    ref: z.string().openapi({ description: 'T-001 for a claim, R-1 for a reservation', example: 'T-004' }),
    agent: z.string(),
    files: z.array(z.string()),
    shared: z.boolean(),
    until: z.string().nullable().openapi({ description: 'When it stops holding (null: a lease with no end)' }),
  })
  .openapi('FileHold');

export const ReservationSchema = z
  .object({
    id: z.string().openapi({ example: 'R-1' }),
    agent: z.string(),
    files: z.array(z.string()),
    shared: z.boolean(),
    created_at: z.string(),
    expires_at: z.string(),
  })
  .openapi('Reservation');

export const SkippedTaskSchema = z
  .object({
    task_number: z.string(),
    title: z.string(),
    held_by: z.string(),
    hold: z.string().openapi({ description: 'The claim (T-…) or reservation (R-…) holding the files' }),
    files: z.array(z.string()).openapi({ description: 'The held globs its files overlap' }),
    until: z.string().nullable(),
  })
  .openapi('SkippedTask');

export const VerifyStatusSchema = z.enum(['passed', 'failed', 'timed_out', 'skipped']);

export const VerifyReportSchema = z
  .object({
    status: VerifyStatusSchema,
    command: z.string().max(2_000).nullable(),
    exit_code: z.number().int().min(-1).max(255).nullable(),
    duration_ms: z.number().int().min(0).nullable(),
    output_tail: z
      .string()
      .max(16_000)
      .openapi({ description: 'Last lines of the output (the last 4,000 characters are kept)' }),
  })
  .strict()
  .openapi('VerifyReport');

export const VerifyResultSchema = z
  .object({
    status: VerifyStatusSchema,
    command: z.string().nullable(),
    exit_code: z.number().int().nullable(),
    duration_ms: z.number().int().nullable(),
    output_tail: z.string(),
    by: z.string(),
    recorded_at: z.string(),
  })
  .openapi('VerifyResult');
