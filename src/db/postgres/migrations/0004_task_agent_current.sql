-- Each agent's current task is its latest started in-progress task whose lease is live: board status
-- and the agent list walk this index per agent (skipping lapsed leases without reading a row) instead
-- of reading every active task of the project.
CREATE INDEX tasks_agent_current ON tasks (project_id, assignee, started_at DESC NULLS LAST, lease_expires_at)
  WHERE status = 'in-progress' AND assignee IS NOT NULL;
