-- PostgreSQL's app_settings.value becomes TEXT (it was JSONB, which refused the JSON text both
-- engines write). SQLite's column is TEXT already: nothing to change here; this file keeps
-- the two engines' migration histories in step.
SELECT 1;
