"""The storage layer: one SQLite file, reached through sqlite-utils."""
