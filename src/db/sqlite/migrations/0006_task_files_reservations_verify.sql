-- Files on tasks (path globs), the verify run recorded with a done, and file reservations: the files
-- of every live claim (rows kept while the task is in progress, live while its lease is) and ad-hoc
-- reservations. `lead` is a glob's literal leading folders: two globs can overlap only when one's lead
-- is the other's or a parent folder of it, so a pickup looks up a handful of index ranges, not every hold.
ALTER TABLE tasks ADD COLUMN files TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tasks ADD COLUMN verify_result TEXT;

CREATE TABLE task_file_holds (
  task_number INTEGER NOT NULL,
  glob        TEXT NOT NULL,
  lead        TEXT NOT NULL,
  PRIMARY KEY (task_number, glob)
) STRICT;
CREATE INDEX task_file_holds_lead ON task_file_holds (lead);

CREATE TABLE file_reservations (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  agent      TEXT NOT NULL,
  files      TEXT NOT NULL,
  shared     INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX file_reservations_expiry ON file_reservations (expires_at);

CREATE TABLE reservation_globs (
  reservation_id INTEGER NOT NULL,
  glob           TEXT NOT NULL,
  lead           TEXT NOT NULL,
  PRIMARY KEY (reservation_id, glob)
) STRICT;
CREATE INDEX reservation_globs_lead ON reservation_globs (lead);
