COPY accounts (id, email) FROM stdin;
1	a@b
2	\N
\.
\set ON_ERROR_STOP on
\connect other
ALTER TABLE accounts RENAME TO accounts_old;
