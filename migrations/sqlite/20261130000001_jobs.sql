-- Durable background jobs (STYLE.md §15): imports and reverts now; the WhatsApp outbox, renewal
-- checks and media downloads later. Scheduling times are Unix seconds.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    -- JSON.
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       INTEGER NOT NULL,
    -- While running: the worker's lease; a job past it is claimed again.
    locked_until INTEGER,
    last_error   TEXT,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX jobs_due_idx ON jobs (status, run_at);
