-- The PostgreSQL schema, the same model as SQLite's three first steps. Times are BIGINT
-- milliseconds since the Unix epoch. Usernames and nicknames compare case-insensitively through
-- lower() indexes; text_pattern_ops makes "starts with" a range scan on them.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT   NOT NULL,
    nickname      TEXT,
    email         TEXT,
    avatar        TEXT,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_by_name ON users (lower(username));
CREATE INDEX users_by_name_prefix ON users (lower(username) text_pattern_ops);
CREATE INDEX users_by_nickname_prefix ON users (lower(nickname) text_pattern_ops);
CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
-- last_seq is the room's event counter: the row a batch of messages updates (and so locks)
-- to take their seqs in the transaction that stores them.
CREATE TABLE groups (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT    NOT NULL,
    private    BOOLEAN NOT NULL DEFAULT false,
    kind       TEXT    NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'direct')),
    created_by BIGINT  REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL,
    last_seq   BIGINT  NOT NULL DEFAULT 0
);
CREATE TABLE group_members (
    group_id  BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT   NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members (user_id, group_id);
CREATE TABLE direct_pairs (
    user_low  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_high BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id  BIGINT NOT NULL UNIQUE REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (user_low, user_high),
    CHECK (user_low < user_high)
);
CREATE TABLE messages (
    id            BIGSERIAL PRIMARY KEY,
    group_id      BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    content       TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    client_msg_id TEXT
);
CREATE UNIQUE INDEX messages_by_room_seq ON messages (group_id, seq);
CREATE INDEX messages_by_group ON messages (group_id, id);
-- A retried send stores nothing new: one message per (sender, clientMsgId).
CREATE UNIQUE INDEX messages_by_client_id ON messages (user_id, client_msg_id)
    WHERE client_msg_id IS NOT NULL;
CREATE TABLE user_tags (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tag_name   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, tag_name)
);
CREATE INDEX user_tags_by_name ON user_tags (tag_name);
