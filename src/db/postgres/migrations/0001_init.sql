-- The codepakt schema on PostgreSQL: every project of a server in one database, each row keyed by its
-- project. Applied once by migrate.ts under an advisory lock, with search_path = codepakt.

-- Search folds case and diacritics and stems English word forms, as SQLite's `porter unicode61
-- remove_diacritics 2` does; no stop words (a search for "the" finds "the"). Compound words
-- ("foo-bar") are indexed by their parts only, as FTS5 splits them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY codepakt_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION codepakt_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION codepakt_search
  ALTER MAPPING FOR asciiword, word, numword, hword_asciipart, hword_part, hword_numpart WITH unaccent, codepakt_stem;
ALTER TEXT SEARCH CONFIGURATION codepakt_search DROP MAPPING FOR asciihword, hword, numhword;

CREATE TABLE projects (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL,
  settings   jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Every write transaction of a project locks its row first: writes of one project serialize through
-- commit, so event seqs are gapless and in commit order, and numbers are never reused.
CREATE TABLE project_counters (
  project_id       text PRIMARY KEY REFERENCES projects (id),
  next_task_number integer NOT NULL DEFAULT 1,
  next_doc_number  integer NOT NULL DEFAULT 1,
  last_event_seq   bigint NOT NULL DEFAULT 0
) WITH (fillfactor = 50);

CREATE TABLE tasks (
  project_id          text NOT NULL REFERENCES projects (id),
  number              integer NOT NULL,
  id                  text NOT NULL,
  title               text NOT NULL,
  description         text NOT NULL DEFAULT '',
  status              text COLLATE "C" NOT NULL
                      CHECK (status IN ('backlog','open','in-progress','review','done','blocked','cancelled')),
  priority            text COLLATE "C" NOT NULL CHECK (priority IN ('P0','P1','P2')),
  assignee            text,
  epic                text,
  tags                text[] NOT NULL DEFAULT '{}',
  capabilities        text[] NOT NULL DEFAULT '{}',
  depends_on          integer[] NOT NULL DEFAULT '{}',
  acceptance_criteria text[] NOT NULL DEFAULT '{}',
  context_refs        text[] NOT NULL DEFAULT '{}',
  verify              text,
  notes               json NOT NULL DEFAULT '[]',
  deps_met            boolean NOT NULL DEFAULT true,
  -- Dependencies not yet satisfied (review, done or cancelled), kept by every status change, so that
  -- "dependencies met" is part of the claim index.
  deps_pending        integer NOT NULL DEFAULT 0 CHECK (deps_pending >= 0),
  blocker_reason      text,
  attempts            integer NOT NULL DEFAULT 0,
  lapses              integer NOT NULL DEFAULT 0,
  client_key          text,
  lease_expires_at    timestamptz,
  lease_seconds       integer,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  started_at          timestamptz,
  completed_at        timestamptz,
  PRIMARY KEY (project_id, number),
  UNIQUE (project_id, id)
);
-- Claim: the best open task with its dependencies met is the first entry of this index.
CREATE INDEX tasks_claim ON tasks (project_id, priority, number) WHERE status = 'open' AND deps_pending = 0;
-- Lease expiry: in-progress tasks by when their lease runs out.
CREATE INDEX tasks_lease ON tasks (project_id, lease_expires_at) WHERE status = 'in-progress';
CREATE INDEX tasks_order ON tasks (project_id, priority, number);
CREATE INDEX tasks_status_order ON tasks (project_id, status, priority, number);
CREATE INDEX tasks_assignee ON tasks (project_id, assignee, status) WHERE assignee IS NOT NULL;
CREATE INDEX tasks_epic ON tasks (project_id, epic, priority, number) WHERE epic IS NOT NULL;
CREATE INDEX tasks_tags ON tasks USING gin (tags);
CREATE UNIQUE INDEX tasks_client_key ON tasks (project_id, client_key) WHERE client_key IS NOT NULL;

-- Dependency edges by task number, for resolving dependents without scanning tasks.
CREATE TABLE task_deps (
  project_id        text NOT NULL,
  task_number       integer NOT NULL,
  depends_on_number integer NOT NULL,
  PRIMARY KEY (project_id, task_number, depends_on_number)
);
CREATE INDEX task_deps_reverse ON task_deps (project_id, depends_on_number, task_number);

CREATE TABLE agents (
  project_id text NOT NULL REFERENCES projects (id),
  name       text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL,
  PRIMARY KEY (project_id, name)
);

-- Append-only audit log; seq counts each project's events from 1, gapless, in commit order.
CREATE TABLE events (
  project_id text NOT NULL REFERENCES projects (id),
  seq        bigint NOT NULL,
  type       text COLLATE "C" NOT NULL,
  entity_id  text NOT NULL,
  actor      text NOT NULL,
  payload    json NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, seq)
);
CREATE INDEX events_entity ON events (project_id, entity_id, seq);
CREATE INDEX events_type ON events (project_id, type, seq);
CREATE INDEX events_actor ON events (project_id, actor, seq);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END
$$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- array_to_string is only stable (element output functions could depend on settings); over text it
-- is immutable, which a generated column needs.
CREATE FUNCTION search_words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string($1, ' ') $$;

CREATE TABLE docs (
  project_id text NOT NULL REFERENCES projects (id),
  number     integer NOT NULL,
  type       text NOT NULL CHECK (type IN ('operational','decision','reference','learning')),
  title      text NOT NULL,
  body       text NOT NULL DEFAULT '',
  section    text,
  tags       text[] NOT NULL DEFAULT '{}',
  author     text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Title weighs most, then tags, then body (as SQLite's bm25 weights 10, 4, 1).
  search     tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('codepakt_search', title), 'A') ||
    setweight(to_tsvector('codepakt_search', search_words(tags)), 'B') ||
    setweight(to_tsvector('codepakt_search', body), 'C')
  ) STORED,
  PRIMARY KEY (project_id, number)
);
CREATE INDEX docs_search ON docs USING gin (search);
CREATE INDEX docs_type ON docs (project_id, type, number);
CREATE INDEX docs_tags ON docs USING gin (tags);
