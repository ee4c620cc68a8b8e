-- Uploaded files (issue 30). `id` is the file's public name (random); `blob` names its bytes in
-- the blob store (their SHA-256: one upload sent twice, or to two rooms, is stored once). A
-- file belongs to the room it was uploaded to; `message_id` is set once, when its uploader
-- attaches it to a message of that room. Rows of files never attached are swept after a day,
-- and blobs no row names are removed from the store.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    group_id     BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size >= 0),
    blob         TEXT NOT NULL,
    width        BIGINT,
    height       BIGINT,
    thumb_blob   TEXT,
    created_at   BIGINT NOT NULL,
    message_id   BIGINT REFERENCES messages(id) ON DELETE CASCADE,
    position     BIGINT
);
CREATE INDEX files_by_message ON files(message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX files_unattached ON files(created_at) WHERE message_id IS NULL;
CREATE INDEX files_by_user ON files(user_id);
CREATE INDEX files_by_room ON files(group_id, created_at);
CREATE INDEX files_by_blob ON files(blob);
CREATE INDEX files_by_thumb_blob ON files(thumb_blob) WHERE thumb_blob IS NOT NULL;
