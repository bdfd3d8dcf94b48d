-- CSV imports of clients: the uploaded file (kept only until the import has run), how it is read
-- and mapped, progress, and one row per line of the file with its outcome, so an import can be
-- reported line by line and reverted as a whole.
CREATE TABLE client_imports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    file_name      TEXT NOT NULL,
    content        BLOB,
    encoding       TEXT NOT NULL,
    separator      TEXT NOT NULL,
    -- JSON: one column code (or null) per column of the file.
    mapping        TEXT,
    mode           TEXT CHECK (mode IN ('create', 'update')),
    -- On invalid lines: import the valid ones (1) or nothing at all (0).
    keep_valid     INTEGER NOT NULL DEFAULT 1 CHECK (keep_valid IN (0, 1)),
    status         TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'running', 'done',
                       'refused', 'failed', 'reverting', 'reverted')),
    total_rows     INTEGER NOT NULL DEFAULT 0,
    done_rows      INTEGER NOT NULL DEFAULT 0,
    created_count  INTEGER NOT NULL DEFAULT 0,
    updated_count  INTEGER NOT NULL DEFAULT 0,
    skipped_count  INTEGER NOT NULL DEFAULT 0,
    invalid_count  INTEGER NOT NULL DEFAULT 0,
    reverted_rows  INTEGER NOT NULL DEFAULT 0,
    kept_count     INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    finished_at    TEXT,
    reverted_at    TEXT,
    reverted_by    INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX client_imports_created_idx ON client_imports (created_at);

CREATE TABLE client_import_rows (
    import_id  INTEGER NOT NULL REFERENCES client_imports (id) ON DELETE CASCADE,
    -- Line of the file (the header is line 1).
    line       INTEGER NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('created', 'updated', 'skipped', 'invalid')),
    client_id  INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    -- The name written on the line, for the report.
    label      TEXT,
    -- JSON: field → message key.
    reasons    TEXT,
    -- JSON: an updated client as it was before, for reverting.
    before     TEXT,
    -- Set when a revert has dealt with this line: 'undone' or 'kept' (changed since).
    revert     TEXT CHECK (revert IN ('undone', 'kept')),
    PRIMARY KEY (import_id, line)
);
CREATE INDEX client_import_rows_client_idx ON client_import_rows (client_id);
