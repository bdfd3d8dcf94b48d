-- Kanban: boards (the four defaults of DOMAIN.md "Default Kanban boards" are seeded), their
-- columns (ordered, coloured, each open or an outcome: won, lost, done; optional WIP limit and
-- SLA in days) and cards. A card's place in its column is a text rank (app/src/kanban/rank.rs):
-- a move rewrites that one row; (rank, id) orders the column even when two ranks are equal.
CREATE TABLE kanban_boards (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    kind        TEXT NOT NULL CHECK (kind IN ('sales', 'renewals', 'claims', 'operations', 'custom')),
    position    BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE kanban_columns (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id    BIGINT NOT NULL REFERENCES kanban_boards (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    position    BIGINT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost', 'done')),
    color       TEXT NOT NULL DEFAULT '#0b5394',
    wip_limit   BIGINT CHECK (wip_limit IS NULL OR wip_limit > 0),
    sla_days    BIGINT CHECK (sla_days IS NULL OR sla_days > 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX kanban_columns_board_idx ON kanban_columns (board_id, position);

CREATE TABLE kanban_cards (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id           BIGINT NOT NULL REFERENCES kanban_boards (id) ON DELETE CASCADE,
    column_id          BIGINT NOT NULL REFERENCES kanban_columns (id),
    -- Byte order (COLLATE "C"), the order Rust compares ranks in.
    rank               TEXT COLLATE "C" NOT NULL,
    title              TEXT NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    client_id          BIGINT REFERENCES clients (id) ON DELETE SET NULL,
    policy_id          BIGINT REFERENCES policies (id) ON DELETE SET NULL,
    owner_id           BIGINT REFERENCES users (id) ON DELETE SET NULL,
    value              BIGINT CHECK (value IS NULL OR value >= 0),
    due_on             DATE,
    description        TEXT,
    lost_reason        TEXT,
    recontact_on       DATE,
    entered_column_at  TIMESTAMPTZ NOT NULL,
    created_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX kanban_cards_column_idx ON kanban_cards (column_id, rank, id);
CREATE INDEX kanban_cards_client_idx ON kanban_cards (client_id);

INSERT INTO kanban_boards (slug, name, kind, position) VALUES ('vendas', 'Funil de vendas', 'sales', 1);
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Novo lead', 1, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Primeiro contato', 2, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Em cotação', 3, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Proposta enviada', 4, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Em negociação', 5, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Proposta transmitida (aguardando emissão)', 6, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Ganho', 7, 'won', '#198754' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Perdido', 8, 'lost', '#b02a37' FROM kanban_boards WHERE slug = 'vendas';
INSERT INTO kanban_boards (slug, name, kind, position) VALUES ('renovacoes', 'Renovações', 'renewals', 2);
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'A vencer (90 dias)', 1, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Contato feito', 2, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Cotando (multicálculo)', 3, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Proposta de renovação enviada', 4, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Renovada', 5, 'won', '#198754' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Migrada', 6, 'won', '#198754' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Perdida', 7, 'lost', '#b02a37' FROM kanban_boards WHERE slug = 'renovacoes';
INSERT INTO kanban_boards (slug, name, kind, position) VALUES ('sinistros', 'Sinistros', 'claims', 3);
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Aviso recebido', 1, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Comunicado à seguradora', 2, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Documentação pendente', 3, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Vistoria/regulação', 4, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Aguardando indenização', 5, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Indenizado', 6, 'done', '#495057' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Negado', 7, 'lost', '#b02a37' FROM kanban_boards WHERE slug = 'sinistros';
INSERT INTO kanban_boards (slug, name, kind, position) VALUES ('endossos', 'Endossos/Operações', 'operations', 4);
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Solicitado', 1, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'endossos';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Enviado à seguradora', 2, 'open', '#0b5394' FROM kanban_boards WHERE slug = 'endossos';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Emitido', 3, 'done', '#495057' FROM kanban_boards WHERE slug = 'endossos';
INSERT INTO kanban_columns (board_id, name, position, outcome, color) SELECT id, 'Recusado', 4, 'lost', '#b02a37' FROM kanban_boards WHERE slug = 'endossos';
