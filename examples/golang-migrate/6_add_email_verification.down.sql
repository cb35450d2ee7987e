ALTER TABLE migration.users DROP COLUMN email_verified;
