-- Kanban: boards (the four defaults of DOMAIN.md "Default Kanban boards" are seeded), their
-- columns (ordered, coloured, each open or an outcome: won, lost, done; optional WIP limit and
-- SLA in days) and cards. A card's place in its column is a text rank (app/src/kanban/rank.rs):
-- a move rewrites that one row; (rank, id) orders the column even when two ranks are equal.
CREATE TABLE kanban_boards (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    kind        TEXT NOT NULL CHECK (kind IN ('sales', 'renewals', 'claims', 'operations', 'custom')),
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE kanban_columns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id    INTEGER NOT NULL REFERENCES kanban_boards (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    position    INTEGER NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost', 'done')),
    color       TEXT NOT NULL DEFAULT '#0b5394',
    wip_limit   INTEGER CHECK (wip_limit IS NULL OR wip_limit > 0),
    sla_days    INTEGER CHECK (sla_days IS NULL OR sla_days > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX kanban_columns_board_idx ON kanban_columns (board_id, position);

CREATE TABLE kanban_cards (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id           INTEGER NOT NULL REFERENCES kanban_boards (id) ON DELETE CASCADE,
    column_id          INTEGER NOT NULL REFERENCES kanban_columns (id),
    rank               TEXT NOT NULL,
    title              TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    client_id          INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    policy_id          INTEGER REFERENCES policies (id) ON DELETE SET NULL,
    owner_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    value              INTEGER CHECK (value IS NULL OR value >= 0),
    due_on             TEXT,
    description        TEXT,
    lost_reason        TEXT,
    recontact_on       TEXT,
    entered_column_at  TEXT NOT NULL,
    created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
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
