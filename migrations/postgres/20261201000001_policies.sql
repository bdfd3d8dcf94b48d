-- Insurers (seguradoras), insurance lines (ramos, SUSEP codes), policies (apólices) with their
-- money in integer centavos and vigência as DATE, and the expected commission per instalment
-- with its write-offs and chargebacks (estornos).
CREATE TABLE insurers (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Razão social.
    legal_name  TEXT NOT NULL,
    -- The name staff use ("Porto Seguro").
    name        TEXT NOT NULL,
    -- 14 characters, normalised (alphanumeric since 2026).
    cnpj        TEXT,
    -- Código SUSEP/FIP, 5 digits.
    susep_code  TEXT,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX insurers_cnpj_idx ON insurers (cnpj) WHERE cnpj IS NOT NULL;
CREATE UNIQUE INDEX insurers_susep_idx ON insurers (susep_code) WHERE susep_code IS NOT NULL;
CREATE UNIQUE INDEX insurers_name_idx ON insurers (name);

CREATE TABLE insurance_lines (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SUSEP code: 2-digit group + 2-digit ramo (Circular SUSEP 682/2022).
    susep_code  TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- The friendly family staff pick from (the client's lines of interest use the same codes).
    family      TEXT NOT NULL CHECK (family IN ('auto', 'vida', 'residencial', 'empresarial',
                    'saude', 'viagem', 'rc', 'outros')),
    -- IOF rate in hundredths of a percent (738 = 7,38%).
    iof_rate    BIGINT NOT NULL CHECK (iof_rate BETWEEN 0 AND 10000),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX insurance_lines_code_idx ON insurance_lines (susep_code);

CREATE TABLE policies (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id         BIGINT NOT NULL REFERENCES clients (id),
    insurer_id        BIGINT NOT NULL REFERENCES insurers (id),
    line_id           BIGINT NOT NULL REFERENCES insurance_lines (id),
    product           TEXT,
    proposal_number   TEXT,
    policy_number     TEXT,
    status            TEXT NOT NULL CHECK (status IN ('quote', 'proposal', 'active', 'renewed',
                          'cancelled', 'expired')),
    starts_on         DATE NOT NULL,
    ends_on           DATE NOT NULL CHECK (ends_on > starts_on),
    -- Centavos. Prêmio total = líquido + adicional de fracionamento + custo de apólice + IOF.
    net_premium       BIGINT NOT NULL CHECK (net_premium >= 0),
    installment_fee   BIGINT NOT NULL DEFAULT 0 CHECK (installment_fee >= 0),
    policy_fee        BIGINT NOT NULL DEFAULT 0 CHECK (policy_fee >= 0),
    iof               BIGINT NOT NULL DEFAULT 0 CHECK (iof >= 0),
    total_premium     BIGINT NOT NULL,
    installments      BIGINT NOT NULL DEFAULT 1 CHECK (installments BETWEEN 1 AND 12),
    -- Hundredths of a percent of the prêmio líquido (2000 = 20,00%); commission in centavos.
    commission_rate   BIGINT NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 10000),
    commission        BIGINT NOT NULL DEFAULT 0 CHECK (commission >= 0),
    owner_id          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- What is insured: a vehicle or a property (or nothing recorded).
    item_kind         TEXT CHECK (item_kind IN ('vehicle', 'property')),
    vehicle_plate     TEXT,
    vehicle_chassis   TEXT,
    vehicle_model     TEXT,
    vehicle_year      BIGINT,
    bonus_class       BIGINT CHECK (bonus_class BETWEEN 0 AND 10),
    property_cep      TEXT,
    property_address  TEXT,
    notes             TEXT,
    cancelled_on      DATE,
    cancel_reason     TEXT,
    -- The policy this one renews (its outcome is recorded on that one).
    renews_id         BIGINT REFERENCES policies (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
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
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id       BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('installment', 'estorno')),
    installment     BIGINT NOT NULL,
    due_on          DATE NOT NULL,
    amount          BIGINT NOT NULL,
    received_on     DATE,
    statement_ref   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX policy_commissions_unique_idx ON policy_commissions (policy_id, kind, installment);
CREATE INDEX policy_commissions_due_idx ON policy_commissions (due_on, received_on);
