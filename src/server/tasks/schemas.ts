import { z } from '@hono/zod-openapi';
import { LIMITS } from '../limits.js';
import { PRIORITIES, TASK_STATUSES } from '../../core/types.js';
import { FilesSchema, VerifyReportSchema, VerifyResultSchema } from '../files/schemas.js';

const noControl = /^[^\u0000-\u001f\u007f]*$/;

export const AgentName = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.agent)
  .regex(noControl, 'must not contain control characters')
  .openapi({ description: 'Agent name (created on first use)', example: 'claude-1' });

export const TaskStatusSchema = z.enum(TASK_STATUSES).openapi('TaskStatus');
export const PrioritySchema = z.enum(PRIORITIES).openapi('Priority');

const TaskNumberRef = z
  .string()
  .trim()
  .max(16)
  // No regex flags: the pattern is published in the contract, where JSON Schema has no flags.
  .regex(/^[Tt]-\d{1,9}$/, 'must be a task number like T-001')
  .transform((s) => s.toUpperCase())
  .openapi({ example: 'T-001' });

const Tag = z.string().trim().min(1).max(LIMITS.tag).regex(noControl, 'must not contain control characters');
const Item = z.string().min(1).max(LIMITS.item);

export const NoteSchema = z.object({ author: z.string(), text: z.string(), created_at: z.string() }).openapi('Note');

export const TaskSchema = z
  .object({
    id: z.string().openapi({ example: '7b0f5c1e-2d9a-4c3b-8f6e-1a2b3c4d5e6f' }),
    project_id: z.string().openapi({ description: 'The project the task belongs to' }),
    task_number: z.string().openapi({ example: 'T-001' }),
    title: z.string(),
    description: z.string(),
    status: TaskStatusSchema,
    priority: PrioritySchema,
    assignee: z.string().nullable(),
    epic: z.string().nullable(),
    tags: z.array(z.string()),
    capabilities: z.array(z.string()),
    depends_on: z.array(z.string()).openapi({ example: ['T-001'] }),
    deps_met: z.boolean(),
    acceptance_criteria: z.array(z.string()),
    context_refs: z.array(z.string()),
    verify: z.string().nullable(),
    files: z.array(z.string()).openapi({ description: 'Path globs of the files the task touches' }),
    verify_result: VerifyResultSchema.nullable().openapi({
      description: 'The verify run recorded with the last done (null: none recorded)',
    }),
    notes: z.array(NoteSchema),
    blocker_reason: z.string().nullable(),
    attempts: z.number().int().openapi({ description: 'Pickups so far (older name of `pickups`)' }),
    pickups: z.number().int().openapi({ description: 'How many times the task was picked up' }),
    lapses: z
      .number()
      .int()
      .openapi({ description: 'How many leases on it lapsed; the project’s max_attempts lapses block it' }),
    key: z.string().nullable().openapi({ description: 'Client key it was created with, or null' }),
    lease_expires_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
  })
  .openapi('Task');

export const NewTaskSchema = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.title),
    description: z.string().max(LIMITS.description).optional(),
    // A $ref with a description of its own becomes an allOf that strict readers (Scalar) reject: said in the object's description instead.
    priority: PrioritySchema.optional(),
    epic: z.string().trim().min(1).max(LIMITS.short).nullable().optional(),
    tags: z.array(Tag).max(LIMITS.list).optional(),
    capabilities: z.array(Tag).max(LIMITS.list).optional(),
    depends_on: z.array(TaskNumberRef).max(LIMITS.list).optional(),
    acceptance_criteria: z.array(Item).max(LIMITS.list).optional(),
    context_refs: z.array(z.string().trim().min(1).max(500)).max(LIMITS.list).optional(),
    verify: z
      .string()
      .max(LIMITS.verify)
      .nullable()
      .optional()
      .openapi({ description: 'Shell command that checks the task; stored, never run by the server' }),
    files: FilesSchema.optional(),
    status: z
      .enum(['open', 'backlog'])
      .optional()
      .openapi({ description: 'open (default; backlog anyway while dependencies are unmet) or backlog' }),
    key: z
      .string()
      .trim()
      .min(1)
      .max(LIMITS.short)
      .regex(noControl, 'must not contain control characters')
      .optional()
      .openapi({
        description:
          'Client key: when a task with this key exists, it is returned and nothing is created (re-runnable batches)',
      }),
  })
  .strict()
  .openapi('NewTask');

export const CreateTasksSchema = z
  .union([NewTaskSchema, z.array(NewTaskSchema).min(1).max(1000)])
  .openapi('CreateTasks', {
    description:
      'One task, or a batch of up to 1,000 created in one transaction (later items may depend on earlier ones)',
  });

export const TaskPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.title).optional(),
    description: z.string().max(LIMITS.description).optional(),
    priority: PrioritySchema.optional(),
    epic: z.string().trim().min(1).max(LIMITS.short).nullable().optional(),
    tags: z.array(Tag).max(LIMITS.list).optional(),
    capabilities: z.array(Tag).max(LIMITS.list).optional(),
    depends_on: z.array(TaskNumberRef).max(LIMITS.list).optional(),
    acceptance_criteria: z.array(Item).max(LIMITS.list).optional(),
    context_refs: z.array(z.string().trim().min(1).max(500)).max(LIMITS.list).optional(),
    verify: z.string().max(LIMITS.verify).nullable().optional(),
    files: FilesSchema.optional(),
    status: TaskStatusSchema.optional(),
    assignee: AgentName.nullable().optional(),
    blocker_reason: z.string().trim().min(1).max(LIMITS.reason).nullable().optional(),
    actor: AgentName.optional().openapi({ description: 'Who makes the change (default "human")' }),
  })
  .strict()
  .openapi('TaskPatch');

export const TaskRefParam = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'Task number (T-001) or id', example: 'T-001' }),
});

export const PickupBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    lease_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional()
      .openapi({ description: 'Lease for this pickup (default: project setting)' }),
    explain: z.boolean().optional().openapi({
      description: 'Also list the tasks passed over because another agent holds their files (`skipped`)',
    }),
  })
  .strict()
  .openapi('PickupRequest');

export const DoneBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    notes: z.string().max(LIMITS.note).optional(),
    force: z.boolean().optional().openapi({
      description: 'Complete a task held by another agent (the human override: refused to a token bound to an agent)',
    }),
    verify: VerifyReportSchema.optional().openapi({
      description:
        "How the task's verify command went in the implementer's checkout; recorded on the task. A failed or timed-out run is refused (409)",
    }),
  })
  .strict()
  .openapi('DoneRequest');

export const BlockBodySchema = z
  .object({
    reason: z.string().trim().min(1).max(LIMITS.reason),
    agent: AgentName.optional().openapi({ description: 'Who blocks it (or ?agent=; default "human")' }),
  })
  .strict()
  .openapi('BlockRequest');

export const UnblockBodySchema = z.object({ agent: AgentName.optional() }).strict().openapi('UnblockRequest');

export const ReleaseBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    force: z.boolean().optional().openapi({
      description: 'Release a task held by another agent (the human override: refused to a token bound to an agent)',
    }),
  })
  .strict()
  .openapi('ReleaseRequest');

export const HeartbeatBodySchema = z
  .object({
    agent: AgentName.optional().openapi({ description: 'Agent name (or ?agent=)' }),
    lease_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
  })
  .strict()
  .openapi('HeartbeatRequest');

export const NoteBodySchema = z
  .object({
    text: z.string().trim().min(1).max(LIMITS.note),
    author: AgentName.optional().openapi({ description: 'Default "human"' }),
  })
  .strict()
  .openapi('NoteRequest');

export const ApproveBodySchema = z
  .object({
    agent: AgentName.optional().openapi({
      description: 'Who approves (or ?agent=; default "human"); never the implementer',
    }),
    notes: z.string().max(LIMITS.note).optional(),
  })
  .strict()
  .openapi('ApproveRequest');

/** Reject (review → back to the implementer) and cancel both need a reason. */
export const ReasonBodySchema = z
  .object({
    reason: z.string().trim().min(1).max(LIMITS.reason),
    agent: AgentName.optional().openapi({ description: 'Who does it (or ?agent=; default "human")' }),
  })
  .strict()
  .openapi('ReasonRequest');
