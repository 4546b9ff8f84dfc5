import { z } from '@hono/zod-openapi';

export const AgentSchema = z
  .object({
    name: z.string().openapi({ example: 'claude-1' }),
    project_id: z.string().openapi({ description: 'The project the agent works in' }),
    status: z.enum(['working', 'idle']).openapi({ description: 'working while it holds an unexpired lease' }),
    current_task: z.string().nullable().openapi({ example: 'T-004' }),
    lease_expires_at: z.string().nullable(),
    tasks_in_progress: z.number().int(),
    tasks_in_review: z.number().int(),
    last_seen: z.string(),
  })
  .openapi('Agent');
