-- Admins: people who may use the admin panel. Usernames are unique ignoring case; the
-- domain allows ASCII usernames only, so SQLite's ASCII lower() is exact here. Times are
-- ISO-8601 UTC text with offset; ids are lowercase UUID text.
CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL CHECK (length(username) BETWEEN 3 AND 50),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL,
    last_login TEXT
) STRICT;

CREATE UNIQUE INDEX admins_username_ci ON admins (lower(username));
