-- Insurers (seguradoras), insurance lines (ramos, SUSEP codes), policies (apólices) with their
-- money in integer centavos and vigência as calendar dates (TEXT 'YYYY-MM-DD'), and the expected
-- commission per instalment with its write-offs and chargebacks (estornos).
CREATE TABLE insurers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Razão social.
    legal_name  TEXT NOT NULL,
    -- The name staff use ("Porto Seguro").
    name        TEXT NOT NULL,
    -- 14 characters, normalised (alphanumeric since 2026).
    cnpj        TEXT,
    -- Código SUSEP/FIP, 5 digits.
    susep_code  TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX insurers_cnpj_idx ON insurers (cnpj) WHERE cnpj IS NOT NULL;
CREATE UNIQUE INDEX insurers_susep_idx ON insurers (susep_code) WHERE susep_code IS NOT NULL;
CREATE UNIQUE INDEX insurers_name_idx ON insurers (name);

CREATE TABLE insurance_lines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- SUSEP code: 2-digit group + 2-digit ramo (Circular SUSEP 682/2022).
    susep_code  TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- The friendly family staff pick from (the client's lines of interest use the same codes).
    family      TEXT NOT NULL CHECK (family IN ('auto', 'vida', 'residencial', 'empresarial',
                    'saude', 'viagem', 'rc', 'outros')),
    -- IOF rate in hundredths of a percent (738 = 7,38%).
    iof_rate    INTEGER NOT NULL CHECK (iof_rate BETWEEN 0 AND 10000),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX insurance_lines_code_idx ON insurance_lines (susep_code);

CREATE TABLE policies (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id         INTEGER NOT NULL REFERENCES clients (id),
    insurer_id        INTEGER NOT NULL REFERENCES insurers (id),
    line_id           INTEGER NOT NULL REFERENCES insurance_lines (id),
    product           TEXT,
    proposal_number   TEXT,
    policy_number     TEXT,
    status            TEXT NOT NULL CHECK (status IN ('quote', 'proposal', 'active', 'renewed',
                          'cancelled', 'expired')),
    starts_on         TEXT NOT NULL,
    ends_on           TEXT NOT NULL CHECK (ends_on > starts_on),
    -- Centavos. Prêmio total = líquido + adicional de fracionamento + custo de apólice + IOF.
    net_premium       INTEGER NOT NULL CHECK (net_premium >= 0),
    installment_fee   INTEGER NOT NULL DEFAULT 0 CHECK (installment_fee >= 0),
    policy_fee        INTEGER NOT NULL DEFAULT 0 CHECK (policy_fee >= 0),
    iof               INTEGER NOT NULL DEFAULT 0 CHECK (iof >= 0),
    total_premium     INTEGER NOT NULL,
    installments      INTEGER NOT NULL DEFAULT 1 CHECK (installments BETWEEN 1 AND 12),
    -- Hundredths of a percent of the prêmio líquido (2000 = 20,00%); commission in centavos.
    commission_rate   INTEGER NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 10000),
    commission        INTEGER NOT NULL DEFAULT 0 CHECK (commission >= 0),
    owner_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- What is insured: a vehicle or a property (or nothing recorded).
    item_kind         TEXT CHECK (item_kind IN ('vehicle', 'property')),
    vehicle_plate     TEXT,
    vehicle_chassis   TEXT,
    vehicle_model     TEXT,
    vehicle_year      INTEGER,
    bonus_class       INTEGER CHECK (bonus_class BETWEEN 0 AND 10),
    property_cep      TEXT,
    property_address  TEXT,
    notes             TEXT,
    cancelled_on      TEXT,
    cancel_reason     TEXT,
    -- The policy this one renews (its outcome is recorded on that one).
    renews_id         INTEGER REFERENCES policies (id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (total_premium = net_premium + installment_fee + policy_fee + iof)
);
CREATE UNIQUE INDEX policies_number_idx ON policies (insurer_id, policy_number)
    WHERE policy_number IS NOT NULL;
CREATE INDEX policies_client_idx ON policies (client_id, ends_on);
CREATE INDEX policies_ends_idx ON policies (ends_on, status);
CREATE INDEX policies_owner_idx ON policies (owner_id, ends_on);
CREATE INDEX policies_renews_idx ON policies (renews_id);

-- Expected commission per instalment (kind 'installment', positive) and chargebacks ('estorno',
-- negative). Received ones carry the date and the insurer statement's reference.
CREATE TABLE policy_commissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_id       INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('installment', 'estorno')),
    installment     INTEGER NOT NULL,
    due_on          TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    received_on     TEXT,
    statement_ref   TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX policy_commissions_unique_idx ON policy_commissions (policy_id, kind, installment);
CREATE INDEX policy_commissions_due_idx ON policy_commissions (due_on, received_on);
