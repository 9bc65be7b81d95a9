"""In-memory implementations of every storage port, for unit tests and demos."""
