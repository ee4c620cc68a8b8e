-- An administrator can disable an account (parley admin disable): it cannot sign in while
-- disabled_at is set. Deleted accounts are disabled too.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
