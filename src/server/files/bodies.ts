import { z } from '@hono/zod-openapi';
import { MAX_FILES } from '../../core/rules/reservations.js';
import { MAX_RESERVATION_SECONDS } from '../../core/tasks/reservations.js';
import { AgentName } from '../tasks/schemas.js';
import { GlobSchema } from './schemas.js';

export const ReserveBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    files: z.array(GlobSchema).min(1).max(MAX_FILES),
    ttl_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_RESERVATION_SECONDS)
      .optional()
      .openapi({ description: "How long it holds (default: the project's lease length)" }),
    shared: z
      .boolean()
      .optional()
      .openapi({ description: 'Shared: other shared reservations of the same files are allowed (default exclusive)' }),
  })
  .strict()
  .openapi('ReserveRequest');

export const ReleaseFilesBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    ids: z
      .array(
        z
          .string()
          .trim()
          .max(16)
          .regex(/^[Rr]-\d{1,12}$/, 'must be a reservation id like R-1'),
      )
      .max(MAX_FILES)
      .optional(),
    files: z
      .array(GlobSchema)
      .max(MAX_FILES)
      .optional()
      .openapi({ description: 'Release the reservations naming any of these globs' }),
  })
  .strict()
  .openapi('ReleaseFilesRequest');
