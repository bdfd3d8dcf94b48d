-- Staff accounts, teams and the append-only audit trail.
CREATE TABLE teams (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    -- Stored lower-cased: the login is case-insensitive.
    email           TEXT NOT NULL UNIQUE,
    -- PHC string (argon2id); NULL until the person sets a password through a setup link.
    password_hash   TEXT,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'user')),
    team_id         INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    locale          TEXT NOT NULL DEFAULT 'pt-BR',
    -- Rotated when the password, role or active flag changes: ends the user's other sessions.
    security_stamp  TEXT NOT NULL,
    last_login_at   TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX users_team_id_idx ON users (team_id);

-- Who manages which team (a manager may manage several).
CREATE TABLE team_managers (
    team_id     INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT NOT NULL,
    entity_type  TEXT,
    entity_id    TEXT,
    -- Field-level diffs: {"field": {"from": …, "to": …}}.
    changes      TEXT,
    request_id   TEXT,
    client_ip    TEXT,
    user_agent   TEXT
);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);

-- Nobody edits or deletes history through the app.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
