-- Full-text search over messages in any script: an FTS5 index of trigrams (three characters in a
-- row, so words need no spaces between them: Chinese and Japanese work like the rest). It holds
-- its own copy of each message's current text, keyed by message id, and is filled off the
-- commit path: the log's writer indexes the rows after search_progress.last_row when it has
-- nothing to store, and a search first brings it up to date (sqlite_search.cpp). Indexing on
-- every commit (a trigger) cost 3.5x the durable send rate.
CREATE VIRTUAL TABLE messages_fts USING fts5(content, tokenize = 'trigram');
CREATE TABLE search_progress (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_row INTEGER NOT NULL  -- every messages row with an id up to it is indexed
);
INSERT INTO search_progress(id, last_row) VALUES (1, 0);
