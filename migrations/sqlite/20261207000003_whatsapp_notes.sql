-- Internal notes staff leave in a WhatsApp conversation (never sent to the customer), shown in
-- the chat among the messages.
CREATE TABLE wa_notes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES wa_conversations (id) ON DELETE CASCADE,
    author_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body             TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX wa_notes_conversation_idx ON wa_notes (conversation_id, created_at);
CREATE INDEX wa_conversations_status_idx ON wa_conversations (status, last_message_at);
