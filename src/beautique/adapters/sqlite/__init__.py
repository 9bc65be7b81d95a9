"""The embedded default store: stdlib sqlite3 in WAL mode, every call in a worker thread."""
