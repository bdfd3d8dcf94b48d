-- Settings are written and read as JSON text by the same SQL on both engines; a JSONB column
-- refused the text parameter ("column value is of type jsonb but expression is of type text"),
-- so on PostgreSQL no setting could be saved and every read fell back to the defaults.
ALTER TABLE app_settings ALTER COLUMN value TYPE TEXT USING value::text;
