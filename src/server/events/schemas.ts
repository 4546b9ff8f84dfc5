import { z } from '@hono/zod-openapi';

export const EventSchema = z
  .object({
    id: z.number().int().openapi({ description: 'Grows in creation order; pass as `after` to resume', example: 42 }),
    type: z.string().openapi({ example: 'task.pickup' }),
    entity_id: z.string().openapi({ description: 'Task id, doc id, agent name or project id' }),
    actor: z.string().openapi({ example: 'claude-1' }),
    // Typed as an object in the document: a schema without a type fails strict readers (Scalar).
    payload: z
      .unknown()
      .openapi({ type: 'object', additionalProperties: true, description: 'JSON snapshot of the change' }),
    created_at: z.string(),
  })
  .openapi('Event');
