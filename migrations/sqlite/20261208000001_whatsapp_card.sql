-- The Kanban card opened from a WhatsApp conversation (the chat links to it; deleting the card
-- only unlinks it).
ALTER TABLE wa_conversations ADD COLUMN card_id INTEGER REFERENCES kanban_cards (id) ON DELETE SET NULL;
