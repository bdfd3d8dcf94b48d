-- LGPD (arts. 16, 18): a client can be anonymised. The client row records when; the audit rows
-- about it have their personal values redacted once, which is the only change the audit trail
-- accepts (it stays append-only otherwise).
ALTER TABLE clients ADD COLUMN anonymized_at TEXT;

-- When the row's `changes` were redacted (LGPD anonymisation); NULL for a row as written.
ALTER TABLE audit_log ADD COLUMN redacted_at TEXT;

-- The one update allowed: `changes` rewritten while `redacted_at` goes from NULL to a time, every
-- other column unchanged. A redacted row can never change again. Deletes stay refused.
-- (A column added to audit_log later must be added to this list.)
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    old.redacted_at IS NULL AND new.redacted_at IS NOT NULL
    AND new.id IS old.id
    AND new.occurred_at IS old.occurred_at
    AND new.actor_id IS old.actor_id
    AND new.action IS old.action
    AND new.entity_type IS old.entity_type
    AND new.entity_id IS old.entity_id
    AND new.request_id IS old.request_id
    AND new.client_ip IS old.client_ip
    AND new.user_agent IS old.user_agent
)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
