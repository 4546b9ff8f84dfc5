-- Files on tasks (path globs), the verify run recorded with a done, and file reservations: the files
-- of every live claim (rows kept while the task is in progress, live while its lease is) and ad-hoc
-- reservations. `lead` is a glob's literal leading folders, compared byte by byte (COLLATE "C"): two
-- globs can overlap only when one's lead is the other's or a parent folder of it, so a claim looks up
-- a handful of index ranges, not every hold.
ALTER TABLE tasks ADD COLUMN files text[] NOT NULL DEFAULT '{}';
ALTER TABLE tasks ADD COLUMN verify_result json;

CREATE TABLE task_file_holds (
  project_id  text NOT NULL,
  task_number integer NOT NULL,
  glob        text NOT NULL,
  lead        text COLLATE "C" NOT NULL,
  PRIMARY KEY (project_id, task_number, glob)
);
CREATE INDEX task_file_holds_lead ON task_file_holds (project_id, lead);

CREATE TABLE file_reservations (
  project_id text NOT NULL REFERENCES projects (id),
  id         bigint NOT NULL,
  agent      text NOT NULL,
  files      text[] NOT NULL,
  shared     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX file_reservations_expiry ON file_reservations (project_id, expires_at);

CREATE TABLE reservation_globs (
  project_id     text NOT NULL,
  reservation_id bigint NOT NULL,
  glob           text NOT NULL,
  lead           text COLLATE "C" NOT NULL,
  PRIMARY KEY (project_id, reservation_id, glob)
);
CREATE INDEX reservation_globs_lead ON reservation_globs (project_id, lead);
