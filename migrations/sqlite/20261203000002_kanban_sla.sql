-- The claim payment clock (up to 30 days once the documentation is complete, DOMAIN.md "Time
-- limits"): cards waiting for the indemnity longer than that are flagged on the board.
UPDATE kanban_columns SET sla_days = 30
WHERE name = 'Aguardando indenização'
  AND board_id IN (SELECT id FROM kanban_boards WHERE slug = 'sinistros');
