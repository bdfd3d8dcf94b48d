-- Documents attached to a policy (the apólice PDF, the proposta, CNH, CRLV, vistoria photos…).
-- The file's bytes live in their own table so that listing a policy's documents never reads
-- them; both rows are written in one transaction with the audit row, so an upload is either
-- whole or absent. Only PDF, JPEG and PNG are kept (checked on the bytes, not the name).
CREATE TABLE policy_documents (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id    BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('apolice', 'proposta', 'endosso', 'boleto', 'cnh',
                                               'crlv', 'vistoria', 'sinistro', 'outro')),
    file_name    TEXT NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 160),
    media_type   TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes   BIGINT NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256       TEXT NOT NULL,
    uploaded_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX policy_documents_policy_idx ON policy_documents (policy_id, id);

CREATE TABLE policy_document_contents (
    document_id  BIGINT PRIMARY KEY REFERENCES policy_documents (id) ON DELETE CASCADE,
    bytes        BYTEA NOT NULL
);
