-- Listings read each status in board order from tasks_status_order (src/db/sqlite/task-list.ts); no
-- query reads tasks_order any more, and every created task paid for its entry.
DROP INDEX IF EXISTS tasks_order;
