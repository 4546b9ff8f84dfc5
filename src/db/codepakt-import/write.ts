/** Replacing a codepakt database's tables with ours, holding the converted rows. */
import type { Db } from '../sqlite/database.js';
import { insertDocRow } from '../sqlite/doc-queries.js';
import { setMeta } from '../sqlite/meta.js';
import { insertTask, setTaskDeps, setTaskTags } from '../sqlite/task-queries.js';
import type { ImportPlan } from './legacy-rows.js';

/** Their tables go (they live on in the backup): virtual tables first, as they own shadow tables. */
export function dropAllTables(db: Db): void {
  const list = (virtual: boolean) =>
    db
      .prepare<[], { name: string; sql: string | null }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all()
      .filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '') === virtual);
  for (const view of db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'view'").all())
    db.exec(`DROP VIEW IF EXISTS "${view.name.replace(/"/g, '""')}"`);
  for (const t of list(true)) db.exec(`DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}"`);
  for (const t of list(false)) db.exec(`DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}"`);
}

/** Write the plan into freshly migrated tables; events are appended in the plan's order. */
export function writePlan(db: Db, plan: ImportPlan): void {
  for (const task of plan.tasks) insertTask(db, task);
  for (const d of plan.deps) setTaskDeps(db, d.task, d.dependsOn);
  for (const t of plan.tags) setTaskTags(db, t.task, t.tags);
  for (const doc of plan.docs) insertDocRow(db, doc);
  const agent = db.prepare('INSERT INTO agents (name, created_at, last_seen) VALUES (?, ?, ?)');
  for (const a of plan.agents) agent.run(a.name, a.created_at, a.last_seen);
  const event = db.prepare('INSERT INTO events (type, entity_id, actor, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  for (const e of plan.events) event.run(e.type, e.entity_id, e.actor, JSON.stringify(e.payload ?? null), e.created_at);
  setMeta(db, 'project_id', plan.identity.id);
  setMeta(db, 'project_name', plan.identity.name);
  setMeta(db, 'created_at', plan.identity.created_at);
  setMeta(db, 'next_task_number', String(plan.lastTaskNumber));
  setMeta(db, 'next_doc_number', String(plan.lastDocNumber));
}
