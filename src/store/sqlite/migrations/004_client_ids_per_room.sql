-- A clientMsgId is the sender's id for retries within one room: the same id in another room is
-- another message (before, it was answered with the first room's message and dropped).
DROP INDEX messages_by_client_id;
CREATE UNIQUE INDEX messages_by_client_id ON messages(user_id, group_id, client_msg_id)
    WHERE client_msg_id IS NOT NULL;
