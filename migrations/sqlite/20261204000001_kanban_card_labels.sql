-- Kanban card labels ("urgente", "indicação" …): a JSON array of strings, edited on the card's
-- page, shown on the board and used by its label filter.
ALTER TABLE kanban_cards ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
