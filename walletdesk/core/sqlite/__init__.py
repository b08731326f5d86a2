"""SQLite as Django's `sqlite3` backend, with writers that queue instead of polling (`base`)."""
