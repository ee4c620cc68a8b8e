ALTER TABLE users ADD COLUMN nickname TEXT COLLATE NOCASE;
CREATE INDEX users_by_nickname ON users(nickname);
CREATE TABLE direct_pairs (
    user_low  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_high INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL UNIQUE REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (user_low, user_high),
    CHECK (user_low < user_high)
) WITHOUT ROWID;
