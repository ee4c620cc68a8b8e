-- Edits, deletions and reactions are rows of the room's event stream like messages, each with
-- its own seq, so a catch-up by seq replays them in order (kind: 0 message, 1 edit, 2 deletion,
-- 3 reaction; target_id: the message a change concerns). A message row also holds its current
-- state: edited_at, deleted_at (its content then empty), reply_to.
ALTER TABLE messages ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN target_id INTEGER;
ALTER TABLE messages ADD COLUMN reply_to INTEGER;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN reaction_on INTEGER;
ALTER TABLE messages ADD COLUMN reaction_count INTEGER;
-- Who put which emoji on which message, for history's counts.
CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    emoji      TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
) WITHOUT ROWID;
-- Which members a message mentions (@username), for unread mention counts.
CREATE TABLE mentions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (user_id, group_id, seq, message_id)
) WITHOUT ROWID;
CREATE INDEX mentions_by_message ON mentions(message_id);
