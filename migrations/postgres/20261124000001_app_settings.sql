-- Settings that admins change at run time (session timeouts, brokerage details, …).
-- One row per key; the value is JSON so each setting keeps its own shape.
CREATE TABLE app_settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
