-- Listings read each status in board order from tasks_status_order and merge them (board.ts), as the
-- SQLite store does since its migration 0009: no query reads tasks_order any more, and every created
-- task and every claim (a claim's UPDATE changes indexed columns, so it adds an entry to every index)
-- paid for its entry.
DROP INDEX IF EXISTS tasks_order;
