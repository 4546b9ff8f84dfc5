import { z } from '@hono/zod-openapi';
import { isAbsolute } from 'node:path';

export const SettingsSchema = z
  .object({
    lease_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .openapi({ description: 'Default lease of a pickup, in seconds', example: 3600 }),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .openapi({ description: 'Lease expiries after which a task is blocked', example: 3 }),
  })
  .openapi('ProjectSettings');

export const ProjectSchema = z
  .object({
    id: z.string().openapi({ example: '0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d' }),
    name: z.string().openapi({ example: 'snake-game' }),
    kind: z.enum(['folder', 'hosted']).openapi({
      description:
        "`folder`: its data is in the project folder (`<path>/.codepakt/data.db`, codepakt's layout). `hosted`: its data lives with the server (under its data dir); agents anywhere join it by id",
      example: 'folder',
    }),
    path: z.string().nullable().openapi({
      description: 'The project folder on the server machine; null for a hosted project',
      example: '/home/me/snake-game',
    }),
    created_at: z.string().openapi({ example: '2026-11-24T09:00:00.000Z' }),
    settings: SettingsSchema,
    unavailable: z.string().optional().openapi({
      description:
        'Only in the project list, when its database cannot be used (folder deleted or moved, file damaged): why. Its settings are then the defaults and its other routes answer 503 `project_unavailable`.',
    }),
  })
  .openapi('Project');

/** The probe file's name: one plain name inside `.codepakt/`, never a path. */
const PROBE_NAME = /^\.?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const CreateProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'snake-game' }),
    path: z
      .string()
      .min(1)
      .max(4096)
      // A relative path would silently resolve against the server's own working directory.
      .refine((p) => isAbsolute(p), 'Must be an absolute path')
      .optional()
      .openapi({
        description:
          'Absolute path of the project folder on the server machine (a folder project). Without it, a hosted project is made',
        example: '/home/me/snake-game',
      }),
    project_id: z.string().min(1).max(100).optional().openapi({
      description:
        "Register `path` only if the database in it is this project's (a folder moved, or a server that lost its registry): 409 `conflict` otherwise, and nothing is made",
    }),
    if_path_missing: z.enum(['error', 'hosted']).optional().openapi({
      description:
        "`hosted`: when `path` does not exist on the server (or, with `probe`, is not the caller's folder), make a hosted project instead of answering 400; `notice` says so. Default `error`",
    }),
    probe: z.string().max(101).regex(PROBE_NAME, 'Must be a plain file name').optional().openapi({
      description:
        "Name of a file the caller just made in `<path>/.codepakt/`: the folder is taken as the caller's only when the server sees that file there (another machine may have a folder at the same path)",
      example: '.probe-2f1c0e9a',
    }),
  })
  .strict()
  .superRefine((body, ctx) => {
    for (const field of ['project_id', 'if_path_missing', 'probe'] as const)
      if (body.path === undefined && body[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'Only with `path`' });
    if (body.project_id !== undefined && body.if_path_missing === 'hosted')
      ctx.addIssue({
        code: 'custom',
        path: ['if_path_missing'],
        message: 'Re-attaching a folder to its project (`project_id`) never makes a new one',
      });
  })
  .openapi('CreateProject');

// A fresh object, not .extend(): an extension is emitted as a typeless allOf, which strict readers (Scalar) reject.
export const CreatedProjectSchema = z
  .object({
    ...ProjectSchema.shape,
    notice: z.string().optional().openapi({
      description:
        'Said when the answer differs from what was asked: the path is not on the server, so a hosted project was made',
    }),
  })
  .openapi('CreatedProject');

export const UpdateProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    settings: SettingsSchema.partial().strict().optional(),
  })
  .strict()
  .openapi('UpdateProject');

export const ProjectIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d' }),
});

export const ProjectCheckSchema = z
  .object({
    project_id: z.string(),
    file: z
      .string()
      .openapi({ description: 'The database file checked', example: '/home/me/snake-game/.codepakt/data.db' }),
    kind: z.enum(['quick_check', 'integrity_check']),
    ok: z.boolean().openapi({ description: 'No damage found' }),
    problems: z
      .array(z.string())
      .openapi({ description: 'What SQLite found wrong (at most 100 lines), or why the file could not be checked' }),
    duration_ms: z.number().int(),
    inconclusive: z
      .literal(true)
      .optional()
      .openapi({ description: 'The check could not run (file missing or unreadable); not a finding of damage' }),
  })
  .openapi('ProjectCheck');
