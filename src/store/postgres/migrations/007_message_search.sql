-- Full-text search over messages in any script: a trigram index (pg_trgm, a trusted extension
-- shipped with PostgreSQL) over messages only (kind 0), so "contains" queries in any language,
-- Chinese and Japanese included, are index scans.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX messages_by_trigram ON messages USING gin (content gin_trgm_ops) WHERE kind = 0;
