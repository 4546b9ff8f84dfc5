/**
 * The MCP tools: few on purpose, since every client sends the whole list to its model on every turn.
 * Each input field points at the route field it is (a property of a request schema, or a parameter of
 * an operation) in the API's OpenAPI document, which is generated from the routes' zod schemas: the
 * tools cannot drift from the routes, and each call is validated by the route it becomes.
 */

/** A field taken from the contract: a property of a component schema, or a parameter of an operation. */
export type FieldSource =
  | { schema: string; property: string }
  | { operation: `${'get' | 'post'} /api/${string}`; parameter: string }
  | { own: Record<string, unknown> };

export interface ToolField {
  from: FieldSource;
  /** Said to the model; left out where the name says it. */
  describe?: string;
  /** A tighter bound than the route's (checked before the call, see requests.ts). */
  maximum?: number;
}

/**
 * A pickup's wait over MCP stays under the 60 s a client typically allows a call: a wait the client
 * gave up on would go on, and claim a task for an agent no longer listening.
 */
export const MCP_MAX_WAIT_SECONDS = 50;

export interface ToolDefinition {
  name: ToolName;
  description: string;
  fields: Record<string, ToolField>;
  required?: string[];
  /** Reads only (MCP annotation `readOnlyHint`), so a client may call it without asking. */
  readOnly?: boolean;
}

export type ToolName = 'pickup' | 'note' | 'done' | 'tasks' | 'add' | 'docs' | 'write_doc';

const taskId: ToolField = { from: { operation: 'get /api/tasks/{id}', parameter: 'id' }, describe: 'T-001' };
const newTask = (property: string, describe?: string): ToolField => ({
  from: { schema: 'NewTask', property },
  ...(describe ? { describe } : {}),
});
const newDoc = (property: string): ToolField => ({ from: { schema: 'NewDoc', property } });
const listParam = (parameter: string, describe?: string): ToolField => ({
  from: { operation: 'get /api/tasks', parameter },
  ...(describe ? { describe } : {}),
});

export const TOOLS: readonly ToolDefinition[] = [
  {
    name: 'pickup',
    description: 'Claim the next open task (P0 first) or task_id; it is leased to you until done.',
    fields: {
      task_id: { from: { operation: 'post /api/tasks/pickup', parameter: 'task_id' } },
      wait: {
        from: { operation: 'post /api/tasks/pickup', parameter: 'wait' },
        describe: 'seconds to wait for work',
        maximum: MCP_MAX_WAIT_SECONDS,
      },
      lease_seconds: { from: { schema: 'PickupRequest', property: 'lease_seconds' } },
    },
  },
  {
    name: 'note',
    description: 'Add a note to a task; extends your lease. block:true blocks it instead, text as reason.',
    fields: {
      id: taskId,
      text: { from: { schema: 'NoteRequest', property: 'text' } },
      block: { from: { own: { type: 'boolean' } } },
    },
    required: ['id', 'text'],
  },
  {
    name: 'done',
    description: 'Report your task done (to review).',
    fields: { id: taskId, notes: { from: { schema: 'DoneRequest', property: 'notes' } } },
    required: ['id'],
  },
  {
    name: 'tasks',
    description: 'Show a task (id), or list tasks in board order.',
    fields: {
      id: taskId,
      status: listParam('status', 'comma-separated'),
      assignee: listParam('assignee'),
      epic: listParam('epic'),
      tag: listParam('tag'),
      limit: listParam('limit'),
      cursor: listParam('cursor', 'next_cursor'),
    },
    readOnly: true,
  },
  {
    name: 'add',
    description: 'Create a task.',
    fields: {
      title: newTask('title'),
      description: newTask('description'),
      priority: newTask('priority'),
      epic: newTask('epic'),
      tags: newTask('tags'),
      depends_on: newTask('depends_on', 'task numbers'),
      acceptance_criteria: newTask('acceptance_criteria'),
      context_refs: newTask('context_refs', 'files, docs'),
      verify: newTask('verify', 'shell command'),
      files: newTask('files', 'path globs it touches'),
    },
    required: ['title'],
  },
  {
    name: 'docs',
    description: 'Search the knowledge base (q), or read a doc (id).',
    fields: {
      q: { from: { operation: 'get /api/docs/search', parameter: 'q' } },
      id: { from: { operation: 'get /api/docs/{id}', parameter: 'id' }, describe: 'D-001' },
      type: { from: { operation: 'get /api/docs/search', parameter: 'type' } },
      tag: { from: { operation: 'get /api/docs/search', parameter: 'tag' } },
      limit: { from: { operation: 'get /api/docs/search', parameter: 'limit' } },
    },
    readOnly: true,
  },
  {
    name: 'write_doc',
    description: 'Write a doc (markdown) to the knowledge base.',
    fields: {
      type: newDoc('type'),
      title: newDoc('title'),
      body: newDoc('body'),
      section: newDoc('section'),
      tags: newDoc('tags'),
    },
    required: ['type', 'title', 'body'],
  },
];

/** What a server tells a client about itself at connection: how the tools fit together. */
export const MCP_INSTRUCTIONS =
  'codepakt task board shared by agents: pickup a task, note progress, done when finished (note block:true if stuck). Check docs before deciding; write_doc what others should know.';
