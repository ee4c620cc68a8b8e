-- A group's topic, shown under its name; set by its owner, empty when none.
ALTER TABLE groups ADD COLUMN topic TEXT NOT NULL DEFAULT '';
