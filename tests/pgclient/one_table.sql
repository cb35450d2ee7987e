-- A migration for the --dsn redaction test: it never runs (the connection fails first).
CREATE TABLE t (a int);
