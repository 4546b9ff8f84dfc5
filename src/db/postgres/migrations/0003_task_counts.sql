-- Tasks per status and project, kept by statement-level triggers in the same transaction as every
-- insert, status change and delete, so the board's counts are read from a few rows instead of counting
-- the project. Statement-level (transition tables): a batch of 1,000 tasks adds one row per status,
-- not 1,000 upserts. Each status is split over 8 shards picked by the writing session, so concurrent
-- writers (claims on several replicas) rarely wait on the same counter row; a read sums them.
CREATE TABLE task_counts (
  project_id text NOT NULL,
  status     text COLLATE "C" NOT NULL,
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (project_id, status, shard)
);

INSERT INTO task_counts (project_id, status, shard, n)
SELECT project_id, status, 0, count(*) FROM tasks GROUP BY project_id, status;

CREATE FUNCTION task_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (project_id, status, shard, n)
  SELECT r.project_id, r.status, (pg_backend_pid() % 8)::smallint, count(*) FROM added r GROUP BY r.project_id, r.status
  ON CONFLICT (project_id, status, shard) DO UPDATE SET n = task_counts.n + EXCLUDED.n;
  RETURN NULL;
END;
$$;

CREATE FUNCTION task_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (project_id, status, shard, n)
  SELECT r.project_id, r.status, (pg_backend_pid() % 8)::smallint, -count(*) FROM removed r GROUP BY r.project_id, r.status
  ON CONFLICT (project_id, status, shard) DO UPDATE SET n = task_counts.n + EXCLUDED.n;
  RETURN NULL;
END;
$$;

CREATE FUNCTION task_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (project_id, status, shard, n)
  SELECT d.project_id, d.status, (pg_backend_pid() % 8)::smallint, sum(d.delta)
  FROM (
    SELECT b.project_id, b.status, -1 AS delta FROM before_rows b JOIN after_rows a USING (project_id, number)
    WHERE b.status IS DISTINCT FROM a.status
    UNION ALL
    SELECT a.project_id, a.status, 1 FROM before_rows b JOIN after_rows a USING (project_id, number)
    WHERE b.status IS DISTINCT FROM a.status
  ) d
  GROUP BY d.project_id, d.status
  HAVING sum(d.delta) <> 0
  ON CONFLICT (project_id, status, shard) DO UPDATE SET n = task_counts.n + EXCLUDED.n;
  RETURN NULL;
END;
$$;

CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION task_counts_inserted();
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION task_counts_deleted();
CREATE TRIGGER task_counts_update AFTER UPDATE ON tasks
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_updated();
