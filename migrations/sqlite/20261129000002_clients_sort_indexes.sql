-- The list sorts newest or recently updated first with the id as tie-breaker: index both
-- columns so a page is read from the index instead of sorting every client.
DROP INDEX clients_created_idx;
CREATE INDEX clients_created_idx ON clients (created_at, id);
CREATE INDEX clients_updated_idx ON clients (updated_at, id);
