-- Project key/value facts: project id, name, settings, counters.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE tasks (
  id                  TEXT PRIMARY KEY,
  number              INTEGER NOT NULL UNIQUE,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL CHECK (status IN ('backlog','open','in-progress','review','done','blocked')),
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
  completed_at        TEXT
) STRICT;

-- Pickup: the best open task with met dependencies is the first entry of this index.
CREATE INDEX tasks_pickup ON tasks (priority, number) WHERE status = 'open' AND deps_met = 1;
-- Lease expiry: in-progress tasks ordered by when their lease runs out.
CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE status = 'in-progress';
-- Listing in board order, with or without a status filter.
CREATE INDEX tasks_order ON tasks (priority, number);
CREATE INDEX tasks_status_order ON tasks (status, priority, number);
CREATE INDEX tasks_assignee ON tasks (assignee, status) WHERE assignee IS NOT NULL;
CREATE INDEX tasks_epic ON tasks (epic, priority, number) WHERE epic IS NOT NULL;

-- Dependency edges by task number, for resolving dependents without scanning tasks.
CREATE TABLE task_deps (
  task_number       INTEGER NOT NULL,
  depends_on_number INTEGER NOT NULL,
  PRIMARY KEY (task_number, depends_on_number)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_deps_reverse ON task_deps (depends_on_number, task_number);

CREATE TABLE task_tags (
  tag         TEXT NOT NULL,
  task_number INTEGER NOT NULL,
  PRIMARY KEY (tag, task_number)
) STRICT, WITHOUT ROWID;

CREATE TABLE agents (
  name       TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL
) STRICT;

-- Append-only audit log; ids grow in creation order.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  type       TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  actor      TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_entity ON events (entity_id, id);
CREATE INDEX events_type ON events (type, id);
CREATE INDEX events_actor ON events (actor, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE docs (
  id         TEXT PRIMARY KEY,
  number     INTEGER NOT NULL UNIQUE,
  type       TEXT NOT NULL CHECK (type IN ('operational','decision','reference','learning')),
  title      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  section    TEXT,
  tags       TEXT NOT NULL DEFAULT '[]',
  author     TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX docs_type ON docs (type, number);
