#include "store/sqlite/migrations.hpp"

namespace parley::store::sqlite {
namespace {

// Times are INTEGER milliseconds since the Unix epoch. Usernames are ASCII, so NOCASE gives
// case-insensitive uniqueness.
constexpr migration all_migrations[] = {
    {1, R"sql(
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    email         TEXT,
    avatar        TEXT,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    private    INTEGER NOT NULL DEFAULT 0,
    kind       TEXT    NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'direct')),
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_user ON group_members(user_id, group_id);
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    content    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_group ON messages(group_id, id);
CREATE TABLE user_tags (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tag_name   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, tag_name)
);
CREATE INDEX user_tags_by_name ON user_tags(tag_name);
)sql"},
    {2, R"sql(
ALTER TABLE users ADD COLUMN nickname TEXT COLLATE NOCASE;
CREATE INDEX users_by_nickname ON users(nickname);
CREATE TABLE direct_pairs (
    user_low  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_high INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL UNIQUE REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (user_low, user_high),
    CHECK (user_low < user_high)
) WITHOUT ROWID;
)sql"},
    {3, R"sql(
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
)sql"},
};

}  // namespace

std::span<const migration> migrations() { return all_migrations; }

}  // namespace parley::store::sqlite
