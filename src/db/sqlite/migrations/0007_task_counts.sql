-- Tasks per status, kept in the same transaction as every insert (insertTask: a trigger per inserted row
-- cost batch create two thirds more), status change and delete (triggers), so the board's counts are
-- read from seven rows instead of counting the whole table.
CREATE TABLE task_counts (
  status TEXT PRIMARY KEY,
  n      INTEGER NOT NULL CHECK (n >= 0)
) STRICT, WITHOUT ROWID;

-- Every status has its row from the start, so a trigger only ever updates one row by its key.
INSERT INTO task_counts (status, n) VALUES
  ('backlog', 0), ('open', 0), ('in-progress', 0), ('review', 0), ('done', 0), ('blocked', 0), ('cancelled', 0);
UPDATE task_counts SET n = (SELECT COUNT(*) FROM tasks WHERE tasks.status = task_counts.status);

CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks
BEGIN
  UPDATE task_counts SET n = n - 1 WHERE status = old.status;
END;

CREATE TRIGGER task_counts_update AFTER UPDATE OF status ON tasks WHEN old.status IS NOT new.status
BEGIN
  UPDATE task_counts SET n = n - 1 WHERE status = old.status;
  UPDATE task_counts SET n = n + 1 WHERE status = new.status;
END;
