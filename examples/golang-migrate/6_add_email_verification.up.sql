-- "Zero downtime" email verification: nullable column, backfill, then NOT NULL. All three in
-- one file means one transaction: the backfill's row locks and the SET NOT NULL scan under
-- ACCESS EXCLUSIVE are held together until the end.
ALTER TABLE migration.users ADD COLUMN email_verified boolean;
UPDATE migration.users SET email_verified = true WHERE email_verified IS NULL;
ALTER TABLE migration.users ALTER COLUMN email_verified SET NOT NULL;
