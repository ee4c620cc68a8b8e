-- Private groups a user left and blocked: nobody may add them to it again until they unblock it.
CREATE TABLE room_blocks (
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX room_blocks_by_user ON room_blocks(user_id, group_id);
