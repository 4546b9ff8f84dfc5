-- A reservation's row outlives it (reservation ids are numbered from the highest and never reused), so
-- finding the ones that ran out by `expires_at <= now` visited every reservation that had ever ended,
-- a cost that grew with the project's history on each reserve, release and expiry sweep. Ended ones
-- are now marked, and the expiry index holds only the live ones.
ALTER TABLE file_reservations ADD COLUMN ended boolean NOT NULL DEFAULT false;

-- Ended so far: those whose globs are gone (how an end was recorded until now).
UPDATE file_reservations r SET ended = true
WHERE NOT EXISTS (SELECT 1 FROM reservation_globs g WHERE g.project_id = r.project_id AND g.reservation_id = r.id);

DROP INDEX file_reservations_expiry;
CREATE INDEX file_reservations_live ON file_reservations (project_id, expires_at) WHERE NOT ended;
