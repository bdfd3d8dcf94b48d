-- Instagram and Facebook (../shared/SOCIAL.md): the brokerage's connected accounts, and their
-- direct messages in the WhatsApp inbox.
--
-- A connected Facebook Page or Instagram professional account. Its access token is kept
-- encrypted (ChaCha20-Poly1305 with SOCIAL_TOKEN_KEY, bound to the network and id): never shown
-- again, never logged; the last four characters help admins tell tokens apart.
CREATE TABLE social_accounts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    network           TEXT NOT NULL CHECK (network IN ('facebook', 'instagram')),
    -- The Page id, or the Instagram professional account's id (the webhook's entry id).
    external_id       TEXT NOT NULL,
    name              TEXT NOT NULL,
    -- For Instagram: the Facebook Page it is linked to (its direct messages go through it).
    page_id           TEXT,
    token_ciphertext  BLOB NOT NULL,
    token_nonce       BLOB NOT NULL,
    token_hint        TEXT NOT NULL,
    -- When the token stops working (Unix seconds; none: it does not expire).
    expires_at        INTEGER,
    -- ok; expiring (within 7 days); needs_reconnect (Meta refused the token: error 190).
    status            TEXT NOT NULL DEFAULT 'ok'
                      CHECK (status IN ('ok', 'expiring', 'needs_reconnect')),
    last_error        TEXT,
    checked_at        INTEGER,
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (network, external_id)
);

-- Which Meta product a webhook delivery came from (its `object`).
ALTER TABLE wa_webhook_events ADD COLUMN object TEXT NOT NULL DEFAULT 'whatsapp_business_account';

-- The inbox's channels. A Messenger or Instagram contact's identity is `messenger:<PSID>` or
-- `instagram:<IGSID>` (its wa_id holds the id a reply goes to); its conversation's
-- phone_number_id holds the Page or Instagram account id. Message ids (`mid`) share the UNIQUE
-- wamid column: Meta's ids never repeat across its products.
ALTER TABLE wa_contacts ADD COLUMN channel TEXT NOT NULL DEFAULT 'whatsapp'
    CHECK (channel IN ('whatsapp', 'messenger', 'instagram'));
ALTER TABLE wa_conversations ADD COLUMN channel TEXT NOT NULL DEFAULT 'whatsapp'
    CHECK (channel IN ('whatsapp', 'messenger', 'instagram'));
