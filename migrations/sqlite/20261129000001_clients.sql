-- The brokerage's clients (pessoas físicas and jurídicas), their phones, e-mails, tags, insurance
-- lines of interest, notes and logged calls, and consent history. Search goes through clients_fts,
-- fed from clients.search_text (folded, tokenised words written by the app).
CREATE TABLE clients (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    kind              TEXT NOT NULL CHECK (kind IN ('pf', 'pj')),
    -- PF: nome; PJ: razão social.
    name              TEXT NOT NULL,
    -- Lower-cased, accents removed: the sort key ("Álvaro" sorts with "alvaro").
    name_key          TEXT NOT NULL,
    trade_name        TEXT,
    -- CPF (11 digits) or CNPJ (14 characters, alphanumeric since 2026), normalised.
    tax_id            TEXT,
    birth_date        TEXT,
    profession        TEXT,
    contact_name      TEXT,
    cep               TEXT,
    street            TEXT,
    street_number     TEXT,
    complement        TEXT,
    district          TEXT,
    city              TEXT,
    state             TEXT,
    notes             TEXT,
    source            TEXT,
    owner_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    team_id           INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
    consent_at        TEXT,
    consent_channel   TEXT,
    search_text       TEXT NOT NULL DEFAULT '',
    archived_at       TEXT,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX clients_tax_id_idx ON clients (tax_id) WHERE tax_id IS NOT NULL;
CREATE INDEX clients_name_key_idx ON clients (name_key, id);
CREATE INDEX clients_owner_idx ON clients (owner_id, name_key);
CREATE INDEX clients_team_idx ON clients (team_id, name_key);
CREATE INDEX clients_created_idx ON clients (created_at);
CREATE INDEX clients_city_idx ON clients (city);

CREATE VIRTUAL TABLE clients_fts USING fts5 (
    search_text, content = 'clients', content_rowid = 'id', tokenize = 'unicode61'
);
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER clients_fts_update AFTER UPDATE OF search_text ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO clients_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE client_phones (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- E.164; mobiles always with the nono dígito (numbers without it are normalised).
    e164        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('mobile', 'home', 'work', 'other')),
    whatsapp    INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp IN (0, 1)),
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX client_phones_client_idx ON client_phones (client_id, position);
CREATE INDEX client_phones_e164_idx ON client_phones (e164);

CREATE TABLE client_emails (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- Lower-cased.
    email       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX client_emails_client_idx ON client_emails (client_id, position);
CREATE INDEX client_emails_email_idx ON client_emails (email);

CREATE TABLE client_tags (
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (client_id, tag)
);
CREATE INDEX client_tags_tag_idx ON client_tags (tag, client_id);

-- Insurance lines the client is interested in or holds (auto, vida, residencial, …).
CREATE TABLE client_lines (
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    line        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (client_id, line)
);
CREATE INDEX client_lines_line_idx ON client_lines (line, client_id);

-- Notes and calls logged by staff: part of the client's timeline.
CREATE TABLE client_notes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'call')),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX client_notes_client_idx ON client_notes (client_id, created_at);

-- Every grant or withdrawal of marketing consent, kept (LGPD).
CREATE TABLE client_consents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    granted      INTEGER NOT NULL CHECK (granted IN (0, 1)),
    channel      TEXT,
    recorded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX client_consents_client_idx ON client_consents (client_id, created_at);
