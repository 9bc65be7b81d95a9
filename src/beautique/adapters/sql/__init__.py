"""What the SQLite and PostgreSQL adapters share: row <-> domain mappings, the migration ledger, and
the statements whose only difference is how parameters are spelled (written psycopg's way,
rewritten by `placeholders.for_sqlite`). Statements that differ in more keep to their backend.
"""
