/** Builds codepakt 0.1 (schema 2) and 0.2 (schema 3) project databases, in their on-disk format. */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA_2 = `
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tasks (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, task_number TEXT NOT NULL, title TEXT NOT NULL, description TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('backlog','open','in-progress','review','blocked','done')),
  assignee TEXT, priority TEXT NOT NULL DEFAULT 'P1' CHECK (priority IN ('P0','P1','P2')), epic TEXT,
  capabilities TEXT NOT NULL DEFAULT '[]', depends_on TEXT NOT NULL DEFAULT '[]', deps_met INTEGER NOT NULL DEFAULT 1,
  acceptance_criteria TEXT NOT NULL DEFAULT '[]', context_refs TEXT NOT NULL DEFAULT '[]', verify TEXT,
  notes TEXT NOT NULL DEFAULT '[]', blocker_reason TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now')), updated_at TEXT NOT NULL DEFAULT (datetime('now')),
  started_at TEXT, completed_at TEXT, UNIQUE(project_id, task_number)
);
CREATE TABLE agents (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle','working')), current_task_id TEXT,
  last_seen TEXT NOT NULL DEFAULT (datetime('now')), UNIQUE(project_id, name)
);
CREATE TABLE events (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, task_id TEXT, agent TEXT, action TEXT NOT NULL, detail TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE docs (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('operational','decision','reference','learning')),
  title TEXT NOT NULL, body TEXT NOT NULL, section TEXT, tags TEXT NOT NULL DEFAULT '[]', author TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now')), updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX idx_tasks_project_status ON tasks(project_id, status);
CREATE INDEX idx_events_project ON events(project_id, created_at DESC);
CREATE INDEX idx_docs_project_type ON docs(project_id, type);
`;

// 0.2 added a code index; a migration may drop it (a re-scan rebuilds it).
const SCHEMA_3_EXTRA = `
CREATE TABLE symbols (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, file TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, line INTEGER);
CREATE TABLE imports (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, file TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX idx_symbols_name ON symbols(project_id, name);
`;

export interface LegacyTaskInput {
  number: number;
  title: string;
  status?: string;
  priority?: string;
  assignee?: string | null;
  epic?: string | null;
  description?: string | null;
  depends_on?: string[];
  deps_met?: number;
  acceptance_criteria?: string[];
  context_refs?: string[];
  verify?: string | null;
  notes?: string[];
  blocker_reason?: string | null;
  created_at: string;
  updated_at?: string;
  started_at?: string | null;
  completed_at?: string | null;
}

export class LegacyDb {
  readonly db: Database.Database;
  constructor(
    readonly file: string,
    readonly schemaVersion: number,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA_2 + (schemaVersion >= 3 ? SCHEMA_3_EXTRA : ''));
    this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(schemaVersion);
  }

  meta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)').run(key, value);
  }

  task(projectId: string, t: LegacyTaskInput): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO tasks (id, project_id, task_number, title, description, status, assignee, priority, epic, capabilities, depends_on, deps_met,
           acceptance_criteria, context_refs, verify, notes, blocker_reason, created_at, updated_at, started_at, completed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        projectId,
        `T-${String(t.number).padStart(3, '0')}`,
        t.title,
        t.description ?? null,
        t.status ?? 'open',
        t.assignee ?? null,
        t.priority ?? 'P1',
        t.epic ?? null,
        JSON.stringify(t.depends_on ?? []),
        t.deps_met ?? 1,
        JSON.stringify(t.acceptance_criteria ?? []),
        JSON.stringify(t.context_refs ?? []),
        t.verify ?? null,
        JSON.stringify(t.notes ?? []),
        t.blocker_reason ?? null,
        t.created_at,
        t.updated_at ?? t.created_at,
        t.started_at ?? null,
        t.completed_at ?? null,
      );
    return id;
  }

  event(
    projectId: string,
    e: {
      task_id: string | null;
      agent?: string | null;
      action: string;
      detail?: unknown;
      rawDetail?: string;
      at: string;
    },
  ): void {
    const detail = e.rawDetail ?? (e.detail === undefined ? null : JSON.stringify(e.detail));
    this.db
      .prepare(
        'INSERT INTO events (id, project_id, task_id, agent, action, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), projectId, e.task_id, e.agent ?? null, e.action, detail, e.at);
  }

  doc(
    projectId: string,
    d: {
      type: string;
      title: string;
      body: string;
      section?: string | null;
      tags?: string[];
      author?: string | null;
      at: string;
      updated?: string;
    },
  ): string {
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO docs (id, project_id, type, title, body, section, tags, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        projectId,
        d.type,
        d.title,
        d.body,
        d.section ?? null,
        JSON.stringify(d.tags ?? []),
        d.author ?? null,
        d.at,
        d.updated ?? d.at,
      );
    return id;
  }

  agent(projectId: string, name: string, lastSeen: string, currentTask: string | null = null): void {
    this.db
      .prepare(
        'INSERT INTO agents (id, project_id, name, status, current_task_id, last_seen) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), projectId, name, currentTask ? 'working' : 'idle', currentTask, lastSeen);
  }

  close(): void {
    this.db.close();
  }
}

/** A project folder as codepakt left it: `.codepakt/config.json`, a stale protocol file, and the database. */
export function legacyFolder(dir: string, projectId: string, version = '0.2.0'): string {
  mkdirSync(join(dir, '.codepakt'), { recursive: true });
  writeFileSync(
    join(dir, '.codepakt', 'config.json'),
    JSON.stringify({ url: 'http://localhost:41920', project_id: projectId }, null, 2),
  );
  writeFileSync(join(dir, '.codepakt', 'AGENTS.md'), `<!-- cpk_version: ${version} -->\n# AGENTS.md\n`);
  return join(dir, '.codepakt', 'data.db');
}

/** codepakt's timestamp format: `YYYY-MM-DD HH:MM:SS`, UTC. */
export const legacyIso = (s: string) => `${s.replace(' ', 'T')}.000Z`;
