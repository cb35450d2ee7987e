-- DO blocks: the PL/pgSQL parser's statements (nested blocks, exception handlers, loops),
-- EXECUTE of constants and of SQL built at run time, RAISE, PERFORM, COMMIT, escaped bodies.
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
DO $$
DECLARE
  t text := 'accounts';
  r record;
BEGIN
  CREATE INDEX accounts_email ON accounts (email);
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'x') THEN
    BEGIN
      ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'skipped %', t;
      DROP INDEX accounts_email;
    END;
  ELSIF t = 'y' THEN
    EXECUTE 'ALTER TABLE accounts ' || 'ADD COLUMN note text; CREATE INDEX n ON accounts (note)';
  END IF;
  FOR r IN SELECT id FROM accounts LOOP
    EXECUTE format('UPDATE %I SET email = lower(email) WHERE id = $1', t) USING r.id;
  END LOOP;
  FOR r IN EXECUTE 'SELECT ' || quote_literal(t) LOOP
    PERFORM pg_sleep(0);
  END LOOP;
  EXECUTE $q$DO $i$ BEGIN CREATE TABLE inner_t (id int); END $i$$q$;
  COMMIT;
END
$$;
DO 'BEGIN UPDATE accounts SET email = ''x''; END';
DO LANGUAGE plpgsql $body$ BEGIN ALTR TABLE accounts; END $body$;
DO LANGUAGE plperl $$ spi_exec_query("DROP TABLE accounts"); $$;
DO $$ $$;
