-- The lease length a pickup asked for, so heartbeats and the holder's writes renew that length
-- rather than the project default (NULL: use the project's lease_seconds).
ALTER TABLE tasks ADD COLUMN lease_seconds INTEGER;
