-- Lease lapses are counted apart from pickups (`attempts` counts pickups; max_attempts limits lapses),
-- a task can be cancelled, and a batch item may carry a client key so re-running a batch creates
-- nothing twice. The status CHECK changes, so the table is rebuilt (SQLite cannot alter a CHECK).
CREATE TABLE tasks_new (
  id                  TEXT PRIMARY KEY,
  number              INTEGER NOT NULL UNIQUE,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL CHECK (status IN ('backlog','open','in-progress','review','done','blocked','cancelled')),
  priority            TEXT NOT NULL CHECK (priority IN ('P0','P1','P2')),
  assignee            TEXT,
  epic                TEXT,
  tags                TEXT NOT NULL DEFAULT '[]',
  capabilities        TEXT NOT NULL DEFAULT '[]',
  depends_on          TEXT NOT NULL DEFAULT '[]',
  acceptance_criteria TEXT NOT NULL DEFAULT '[]',
  context_refs        TEXT NOT NULL DEFAULT '[]',
  verify              TEXT,
  notes               TEXT NOT NULL DEFAULT '[]',
  deps_met            INTEGER NOT NULL DEFAULT 1,
  blocker_reason      TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  lease_expires_at    TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  started_at          TEXT,
  completed_at        TEXT,
  lease_seconds       INTEGER,
  lapses              INTEGER NOT NULL DEFAULT 0,
  client_key          TEXT
) STRICT;

INSERT INTO tasks_new (id, number, title, description, status, priority, assignee, epic, tags, capabilities, depends_on,
  acceptance_criteria, context_refs, verify, notes, deps_met, blocker_reason, attempts, lease_expires_at, created_at,
  updated_at, started_at, completed_at, lease_seconds)
SELECT id, number, title, description, status, priority, assignee, epic, tags, capabilities, depends_on,
  acceptance_criteria, context_refs, verify, notes, deps_met, blocker_reason, attempts, lease_expires_at, created_at,
  updated_at, started_at, completed_at, lease_seconds FROM tasks;

DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;

CREATE INDEX tasks_pickup ON tasks (priority, number) WHERE status = 'open' AND deps_met = 1;
CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE status = 'in-progress';
CREATE INDEX tasks_order ON tasks (priority, number);
CREATE INDEX tasks_status_order ON tasks (status, priority, number);
CREATE INDEX tasks_assignee ON tasks (assignee, status) WHERE assignee IS NOT NULL;
CREATE INDEX tasks_epic ON tasks (epic, priority, number) WHERE epic IS NOT NULL;
CREATE UNIQUE INDEX tasks_client_key ON tasks (client_key) WHERE client_key IS NOT NULL;
