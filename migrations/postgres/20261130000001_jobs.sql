-- Durable background jobs (STYLE.md §15): imports and reverts now; the WhatsApp outbox, renewal
-- checks and media downloads later. Scheduling times are Unix seconds.
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    -- JSON.
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    run_at       BIGINT NOT NULL,
    -- While running: the worker's lease; a job past it is claimed again.
    locked_until BIGINT,
    last_error   TEXT,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due_idx ON jobs (status, run_at);
