-- The newest seq each member has read in each room (a read marker): unread counts are the
-- messages from others after it.
ALTER TABLE group_members ADD COLUMN last_read_seq BIGINT NOT NULL DEFAULT 0;
