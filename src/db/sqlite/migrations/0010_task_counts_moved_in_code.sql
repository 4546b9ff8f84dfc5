-- A status change now moves its board count in the UPDATE's own write (task-queries.ts updateTask):
-- the row trigger cost every task update ~25 µs, most of a pickup's UPDATE, whatever its body did.
-- Deletes are rare and keep theirs.
DROP TRIGGER IF EXISTS task_counts_update;
