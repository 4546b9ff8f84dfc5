/** The task form's fields as text, and the request bodies they make: one form for creating and editing. */
import type { NewTask, Priority, Task, TaskPatch, TaskStatus } from './api.js';

export interface TaskFormState {
  title: string;
  description: string;
  priority: Priority;
  epic: string;
  tags: string;
  capabilities: string;
  dependsOn: string[];
  criteria: string;
  refs: string;
  verify: string;
  /** Create: start in backlog. */
  backlog: boolean;
  /** Edit only: the human override of status and assignee. */
  status: TaskStatus;
  assignee: string;
}

export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function lines(s: string): string[] {
  return s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function emptyForm(): TaskFormState {
  return {
    title: '',
    description: '',
    priority: 'P1',
    epic: '',
    tags: '',
    capabilities: '',
    dependsOn: [],
    criteria: '',
    refs: '',
    verify: '',
    backlog: false,
    status: 'open',
    assignee: '',
  };
}

export function formFromTask(t: Task): TaskFormState {
  return {
    title: t.title,
    description: t.description,
    priority: t.priority,
    epic: t.epic ?? '',
    tags: t.tags.join(', '),
    capabilities: t.capabilities.join(', '),
    dependsOn: [...t.depends_on],
    criteria: t.acceptance_criteria.join('\n'),
    refs: t.context_refs.join(', '),
    verify: t.verify ?? '',
    backlog: t.status === 'backlog',
    status: t.status,
    assignee: t.assignee ?? '',
  };
}

export function createBody(f: TaskFormState): NewTask {
  const body: NewTask = { title: f.title.trim(), priority: f.priority };
  if (f.description.trim()) body.description = f.description;
  if (f.epic.trim()) body.epic = f.epic.trim();
  if (splitList(f.tags).length) body.tags = splitList(f.tags);
  if (splitList(f.capabilities).length) body.capabilities = splitList(f.capabilities);
  if (f.dependsOn.length) body.depends_on = f.dependsOn;
  if (lines(f.criteria).length) body.acceptance_criteria = lines(f.criteria);
  if (splitList(f.refs).length) body.context_refs = splitList(f.refs);
  if (f.verify.trim()) body.verify = f.verify.trim();
  if (f.backlog) body.status = 'backlog';
  return body;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function patchBody(f: TaskFormState, t: Task): TaskPatch {
  const p: TaskPatch = {};
  if (f.title.trim() !== t.title) p.title = f.title.trim();
  if (f.description !== t.description) p.description = f.description;
  if (f.priority !== t.priority) p.priority = f.priority;
  if ((f.epic.trim() || null) !== t.epic) p.epic = f.epic.trim() || null;
  if (!same(splitList(f.tags), t.tags)) p.tags = splitList(f.tags);
  if (!same(splitList(f.capabilities), t.capabilities)) p.capabilities = splitList(f.capabilities);
  if (!same(f.dependsOn, t.depends_on)) p.depends_on = f.dependsOn;
  if (!same(lines(f.criteria), t.acceptance_criteria)) p.acceptance_criteria = lines(f.criteria);
  if (!same(splitList(f.refs), t.context_refs)) p.context_refs = splitList(f.refs);
  if ((f.verify.trim() || null) !== t.verify) p.verify = f.verify.trim() || null;
  if (f.status !== t.status) p.status = f.status;
  if ((f.assignee.trim() || null) !== t.assignee) p.assignee = f.assignee.trim() || null;
  return p;
}
