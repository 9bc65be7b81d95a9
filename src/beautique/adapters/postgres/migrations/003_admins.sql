-- Admins: people who may use the admin panel. Usernames are unique ignoring case (the
-- domain allows ASCII usernames only, so lower() means the same as in SQLite and Python).
CREATE TABLE admins (
    id uuid PRIMARY KEY,
    username text NOT NULL CHECK (char_length(username) BETWEEN 3 AND 50),
    email text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin')),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    last_login timestamptz
);

CREATE UNIQUE INDEX admins_username_ci ON admins (lower(username));
