-- Full-text search over messages in any script: an FTS5 index of trigrams (three characters in a
-- row, so words need no spaces between them: Chinese and Japanese work like the rest), holding
-- only messages (kind 0), kept in step with them by triggers. A deleted message's text is ''.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content = 'messages', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO messages_fts(rowid, content) SELECT id, content FROM messages WHERE kind = 0;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind = 0 BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages WHEN new.kind = 0 BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind = 0 BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
