"""What the SQLite and PostgreSQL adapters share: row <-> domain mappings and the migration ledger.

Their SQL differs in every statement, so each backend keeps its own; only the mappings and the
ledger rules, which do not depend on the dialect, live here once.
"""
