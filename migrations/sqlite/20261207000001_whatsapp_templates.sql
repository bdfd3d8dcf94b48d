-- The WhatsApp message templates of the business account, as last read from Meta
-- (GET /{WABA_ID}/message_templates) and kept current by the template status webhook. A send
-- outside the 24-hour window is built from these definitions, never by hand.
CREATE TABLE wa_templates (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL,
    -- Meta's language code (pt_BR).
    language          TEXT NOT NULL,
    -- APPROVED, PAUSED, REJECTED, DISABLED… (only APPROVED ones are offered).
    status            TEXT NOT NULL,
    category          TEXT,
    -- POSITIONAL ({{1}}) or NAMED ({{nome_cliente}}).
    parameter_format  TEXT NOT NULL DEFAULT 'POSITIONAL',
    -- Meta's components array (JSON).
    components        TEXT NOT NULL,
    synced_at         INTEGER NOT NULL,
    UNIQUE (name, language)
);
