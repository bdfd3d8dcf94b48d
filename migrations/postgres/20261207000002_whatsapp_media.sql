-- The files customers send on WhatsApp, copied from Meta by a background job (Meta's download
-- address lives 5 minutes, the media id about 7 days) into the database, private like the
-- policy documents, and gone with their message (an LGPD erasure deletes the messages).
CREATE TABLE wa_media (
    message_id  BIGINT PRIMARY KEY REFERENCES wa_messages (id) ON DELETE CASCADE,
    -- stored: the bytes are here; failed: they could not be fetched (error says why).
    status      TEXT NOT NULL CHECK (status IN ('stored', 'failed')),
    bytes       BYTEA,
    mime        TEXT,
    size_bytes  BIGINT,
    error       TEXT,
    stored_at   BIGINT NOT NULL
);
