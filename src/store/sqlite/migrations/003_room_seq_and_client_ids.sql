-- seq: a message's position in its room, 1, 2, 3, ... without gaps, taken from the room's
-- event counter in the transaction that stores the message.
ALTER TABLE groups ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN client_msg_id TEXT;
UPDATE messages SET seq =
    (SELECT count(*) FROM messages earlier
     WHERE earlier.group_id = messages.group_id AND earlier.id <= messages.id);
UPDATE groups SET last_seq = (SELECT coalesce(max(seq), 0) FROM messages WHERE group_id = groups.id);
CREATE UNIQUE INDEX messages_by_room_seq ON messages(group_id, seq);
-- A retried send stores nothing new: one message per (sender, clientMsgId).
CREATE UNIQUE INDEX messages_by_client_id ON messages(user_id, client_msg_id)
    WHERE client_msg_id IS NOT NULL;
