-- Changes to tables that exist before the file (so the rules apply) and to one it creates.
SET lock_timeout = '2s';
CREATE TABLE users (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
ALTER TABLE accounts ADD COLUMN score integer NOT NULL DEFAULT 0;
UPDATE accounts SET score = 1 WHERE email IS NOT NULL;
CREATE INDEX accounts_email_idx ON accounts (lower(email));
-- pgdrydock:ignore require-concurrent-index-creation created empty above
CREATE INDEX users_account_idx ON users (account_id);
ALTER TABLE users ADD CONSTRAINT users_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_account_fkey;
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamp;
BEGIN;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
COMMIT;
CREATE INDEX CONCURRENTLY accounts_score_idx ON accounts (score) WHERE score > 0;
