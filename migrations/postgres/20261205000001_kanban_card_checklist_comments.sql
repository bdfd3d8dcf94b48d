-- A card's checklist (the steps of a deal or a claim: "pedir CNH", "enviar proposta"…) and its
-- comments (the team's conversation about it). Both go with the card. A checklist item is done
-- when `done_at` is set; its position orders the list (new items at the end).
CREATE TABLE kanban_checklist_items (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_id     BIGINT NOT NULL REFERENCES kanban_cards (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    text        TEXT NOT NULL CHECK (char_length(text) BETWEEN 1 AND 300),
    done_at     TIMESTAMPTZ,
    done_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX kanban_checklist_items_card_idx ON kanban_checklist_items (card_id, position, id);

CREATE TABLE kanban_card_comments (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_id     BIGINT NOT NULL REFERENCES kanban_cards (id) ON DELETE CASCADE,
    author_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body        TEXT NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX kanban_card_comments_card_idx ON kanban_card_comments (card_id, created_at, id);
