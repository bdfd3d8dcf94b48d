-- LGPD (arts. 16, 18): a client can be anonymised. The client row records when; the audit rows
-- about it have their personal values redacted once, which is the only change the audit trail
-- accepts (it stays append-only otherwise).
ALTER TABLE clients ADD COLUMN anonymized_at TIMESTAMPTZ;

-- When the row's `changes` were redacted (LGPD anonymisation); NULL for a row as written.
ALTER TABLE audit_log ADD COLUMN redacted_at TIMESTAMPTZ;

-- The one update allowed: `changes` rewritten while `redacted_at` goes from NULL to a time, every
-- other column (present or added later) unchanged. A redacted row can never change again.
-- Deletes stay refused.
CREATE FUNCTION audit_log_only_redaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
       AND to_jsonb(NEW) - 'changes' - 'redacted_at' = to_jsonb(OLD) - 'changes' - 'redacted_at'
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
DROP TRIGGER audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_only_redaction();
