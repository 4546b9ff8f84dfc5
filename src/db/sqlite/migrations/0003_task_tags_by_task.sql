-- Tags of one task: rewriting a task's tags (on every create and tag update) deleted them with a scan
-- of all task_tags rows, since the primary key leads with the tag. Batch creates slowed as boards grew.
CREATE INDEX task_tags_by_task ON task_tags (task_number);
