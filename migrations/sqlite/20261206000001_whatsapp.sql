-- WhatsApp Cloud API (../shared/WHATSAPP.md): the raw webhook deliveries (kept before anything is
-- parsed, so nothing is lost), the people who write (one contact per phone, with and without
-- the nono dígito), one conversation per contact and business number, the messages both ways
-- (UNIQUE wamid: Meta delivers at least once) and the statuses that arrived before their message.
-- Times are Unix seconds, as Meta gives them.
CREATE TABLE wa_webhook_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The exact bytes received (their signature was checked over them).
    body          BLOB NOT NULL,
    received_at   INTEGER NOT NULL,
    processed_at  INTEGER,
    -- Messages, statuses and errors found in it, and how many of them could not be stored.
    items         INTEGER NOT NULL DEFAULT 0,
    failed_items  INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX wa_webhook_events_unprocessed_idx ON wa_webhook_events (processed_at, id);

CREATE TABLE wa_contacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The person's number as the CRM keys it: E.164 with the nono dígito for Brazil
    -- (`+5531988887777` whether WhatsApp says 5531988887777 or 553188887777), `+<digits>` else.
    identity      TEXT NOT NULL UNIQUE,
    -- The wa_id WhatsApp last used for them (what a send goes to).
    wa_id         TEXT NOT NULL,
    profile_name  TEXT,
    -- The client this number belongs to (found by phone, or linked by staff); none = a lead.
    client_id     INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX wa_contacts_client_idx ON wa_contacts (client_id);

CREATE TABLE wa_conversations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id       INTEGER NOT NULL REFERENCES wa_contacts (id) ON DELETE CASCADE,
    -- The brokerage's number (Meta's phone_number_id) the conversation is on.
    phone_number_id  TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    assigned_to      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    unread           INTEGER NOT NULL DEFAULT 0,
    last_message_at  INTEGER,
    -- When the customer last wrote (their send time): the 24-hour window runs from it.
    last_inbound_at  INTEGER,
    last_preview     TEXT,
    -- The type of the last message (a bubble without text is previewed by its type).
    last_kind        TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (contact_id, phone_number_id)
);
CREATE INDEX wa_conversations_recent_idx ON wa_conversations (last_message_at, id);
CREATE INDEX wa_conversations_assigned_idx ON wa_conversations (assigned_to, last_message_at);

CREATE TABLE wa_messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES wa_conversations (id) ON DELETE CASCADE,
    -- Meta's message id; an outgoing message has none until Meta accepted it.
    wamid            TEXT UNIQUE,
    -- Ours, for an outgoing message (sent as biz_opaque_callback_data).
    client_uuid      TEXT UNIQUE,
    direction        TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    -- Meta's type (text, image, …, reaction, unsupported, or one not known yet).
    kind             TEXT NOT NULL,
    -- What the bubble says: the text, a caption, a place, a contact card, a button's title.
    body             TEXT,
    media_id         TEXT,
    media_mime       TEXT,
    media_sha256     TEXT,
    media_filename   TEXT,
    -- The message this one quotes or answers.
    context_wamid    TEXT,
    -- The customer's reaction to this message (an emoji).
    reaction         TEXT,
    -- received (in); pending, sent, delivered, read, failed (out).
    status           TEXT NOT NULL,
    status_rank      INTEGER NOT NULL DEFAULT 0,
    sent_at          INTEGER,
    delivered_at     INTEGER,
    read_at          INTEGER,
    failed_at        INTEGER,
    error_code       INTEGER,
    error_title      TEXT,
    error_details    TEXT,
    author_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- When it was written: the customer's send time (in), the click (out).
    sent_on          INTEGER NOT NULL,
    -- The message object as Meta sent it (JSON), for types shown only in part.
    raw              TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX wa_messages_conversation_idx ON wa_messages (conversation_id, sent_on, id);

-- A status whose message is not known yet (it arrived first, or the message was sent from
-- elsewhere); applied when the message appears.
CREATE TABLE wa_pending_statuses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    wamid       TEXT NOT NULL,
    status      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    -- Our client_uuid, when Meta echoed it.
    opaque      TEXT,
    error_code  INTEGER,
    error_title TEXT,
    error_details TEXT,
    created_at  INTEGER NOT NULL,
    UNIQUE (wamid, status)
);
