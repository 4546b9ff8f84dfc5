/**
 * Pure conversion of a codepakt 0.1/0.2 project (rows as their SQLite returns them) into our rows.
 * Nothing here touches a database: read.ts reads, `convertLegacyProject` converts, write.ts writes.
 */
import { iso } from '../../core/clock.js';
import { collectAgents } from './convert-agents.js';
import { convertDocs, docIdsByLegacyId } from './convert-docs.js';
import { convertTaskEvents, docCreatedEvents, mapEventTypes, mergeByTime } from './convert-events.js';
import { convertTasks, taskNumbers } from './convert-tasks.js';
import type { ImportPlan, LegacyProject, MigrationReport, NewEventRow } from './legacy-rows.js';

export function convertLegacyProject(legacy: LegacyProject, now: Date, leaseSeconds: number): ImportPlan {
  const nowIso = iso(now);
  // Docs first: tasks' context_refs may name a doc by its old uuid, which becomes its D- id.
  const docs = convertDocs(legacy.docs, nowIso);
  const types = mapEventTypes(legacy.events);
  const numberOf = taskNumbers(legacy.tasks);
  const { tasks, deps, tags, dropped } = convertTasks({
    tasks: legacy.tasks,
    events: legacy.events,
    types,
    numberOf,
    docIdByLegacy: docIdsByLegacyId(legacy.docs),
    now,
    leaseSeconds,
  });

  const taskEvents = convertTaskEvents(legacy.events, types, numberOf, legacy.projectId, nowIso);
  const history = mergeByTime(docCreatedEvents(docs, legacy.docs), taskEvents);
  const agents = collectAgents(legacy, taskEvents, nowIso);
  const times = [
    ...tasks.map((t) => t.created_at),
    ...docs.map((d) => d.created_at),
    ...history.map((e) => e.created_at),
  ].sort();
  const identity = { id: legacy.projectId, name: legacy.projectName, created_at: times[0] ?? nowIso };

  const lastUsed = Math.max(
    0,
    ...tasks.map((t) => t.number),
    Number.parseInt(legacy.nextTaskNumber ?? '', 10) - 1 || 0,
  );
  const report: MigrationReport = {
    from_schema_version: legacy.schemaVersion,
    project_id: legacy.projectId,
    tasks: tasks.length,
    docs: docs.length,
    events: legacy.events.length,
    agents: agents.length,
    other_project_rows: legacy.otherProjectRows,
    dropped_dependencies: dropped,
  };
  const events: NewEventRow[] = [
    {
      type: 'project.created',
      entity_id: identity.id,
      actor: 'system',
      payload: { ...identity, migrated_from: `codepakt schema ${legacy.schemaVersion}` },
      created_at: identity.created_at,
    },
    ...history,
    { type: 'project.migrated', entity_id: identity.id, actor: 'system', payload: report, created_at: nowIso },
  ];
  return {
    identity,
    tasks,
    deps,
    tags,
    docs,
    agents,
    events,
    lastTaskNumber: lastUsed,
    lastDocNumber: docs.length,
    report,
  };
}
