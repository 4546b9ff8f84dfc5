-- Full-text index over the knowledge base. External content: the text lives once, in `docs`;
-- the index is keyed by the doc number (stable, unlike an implicit rowid, which VACUUM may renumber).
-- porter folds word forms (migration/migrations), unicode61 folds case and diacritics (cafe/café).
CREATE VIRTUAL TABLE docs_fts USING fts5(
  title, body, tags,
  content = 'docs',
  content_rowid = 'number',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs
BEGIN
  INSERT INTO docs_fts (rowid, title, body, tags) VALUES (new.number, new.title, new.body, new.tags);
END;

CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs
BEGIN
  INSERT INTO docs_fts (docs_fts, rowid, title, body, tags) VALUES ('delete', old.number, old.title, old.body, old.tags);
END;

CREATE TRIGGER docs_fts_update AFTER UPDATE OF number, title, body, tags ON docs
BEGIN
  INSERT INTO docs_fts (docs_fts, rowid, title, body, tags) VALUES ('delete', old.number, old.title, old.body, old.tags);
  INSERT INTO docs_fts (rowid, title, body, tags) VALUES (new.number, new.title, new.body, new.tags);
END;

-- Docs written before this migration (none in a fresh project) join the index now.
INSERT INTO docs_fts (docs_fts) VALUES ('rebuild');
