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
    path: z.string().openapi({ example: '/home/me/snake-game' }),
    created_at: z.string().openapi({ example: '2026-11-24T09:00:00.000Z' }),
    settings: SettingsSchema,
    unavailable: z.string().optional().openapi({
      description:
        'Only in the project list, when its database cannot be used (folder deleted or moved, file damaged): why. Its settings are then the defaults and its other routes answer 503 `project_unavailable`.',
    }),
  })
  .openapi('Project');

export const CreateProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'snake-game' }),
    path: z
      .string()
      .min(1)
      .max(4096)
      // A relative path would silently resolve against the server's own working directory.
      .refine((p) => isAbsolute(p), 'Must be an absolute path')
      .openapi({
        description: 'Absolute path of the project folder on the server machine',
        example: '/home/me/snake-game',
      }),
  })
  .strict()
  .openapi('CreateProject');

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
