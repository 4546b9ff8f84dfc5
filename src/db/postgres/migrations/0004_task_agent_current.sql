-- Each agent's current task is its latest started in-progress task whose lease is live: board status
-- and the agent list walk this index per agent instead of reading every active task of the project.
-- The task number is carried in the index, so the walk skips lapsed leases and finds the current task
-- without reading the table (an index-only scan once the table is vacuumed).
CREATE INDEX tasks_agent_current ON tasks (project_id, assignee, started_at DESC NULLS LAST, lease_expires_at)
  INCLUDE (number) WHERE status = 'in-progress' AND assignee IS NOT NULL;
