-- Login throttling, the registry of signed-in sessions, and one-time account links.
-- Times in these tables are Unix seconds from the app's clock (tests move it by hand).

-- Failed logins per account, keyed by the normalised e-mail typed (known or not, so a lock
-- reveals nothing about which accounts exist).
CREATE TABLE login_throttle (
    email            TEXT PRIMARY KEY NOT NULL,
    failures         BIGINT NOT NULL,
    window_started   BIGINT NOT NULL,
    locked_until     BIGINT
);

-- One row per signed-in browser session, so people and admins can see and end them.
-- `key` is a random id kept inside the session (not the cookie value).
CREATE TABLE user_sessions (
    key           TEXT PRIMARY KEY NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    remember      BOOLEAN NOT NULL DEFAULT FALSE,
    client_ip     TEXT,
    user_agent    TEXT
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

-- One-time links: creating the first admin on an empty database, and setting a password
-- (new accounts and resets an admin triggers). Only a SHA-256 of the token is stored.
CREATE TABLE account_tokens (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('bootstrap', 'password')),
    user_id      BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id);
